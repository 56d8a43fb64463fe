#!/usr/bin/env bash
# Pulmo against the PyTorch peer, side by side on this machine: every model workload of `pulmo bench --suite models`
# runs on both sides alternately (Pulmo, PyTorch, Pulmo, PyTorch, ...) with the same threads, batch, size, optimiser
# and loss; then bench/report.py writes docs/PERFORMANCE.md from the medians.
#
#   bench/compare.sh [--rounds N] [--iters N] [--warmup N] [--model NAME]... [--out FILE.jsonl]
#
# Needs Debian's python3-torch and python3-torchvision (/usr/bin/python3); the peer is ../shared/peer/bench_torch.py
# (or $PULMO_PEER). Threads: $THREADS (default 2) on both sides.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=2 ITERS=5 WARMUP=2 OUT=bench/results.jsonl
MODELS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --iters) ITERS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --model) MODELS+=("$2"); shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
THREADS=${THREADS:-2}
PEER=${PULMO_PEER:-../shared/peer/bench_torch.py}
PY=/usr/bin/python3
[ -f "$PEER" ] || { echo "error: the PyTorch peer is not at $PEER (set PULMO_PEER)" >&2; exit 2; }
"$PY" -c "import torch, torchvision" 2>/dev/null \
    || { echo "error: $PY lacks torch/torchvision (apt-get install python3-torch python3-torchvision)" >&2; exit 2; }

export OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=PASSIVE
./pulmo --version >/dev/null   # builds the jar first if the sources changed, so no build is timed
CP="experiments/target/experiments-0.1.0-SNAPSHOT.jar:experiments/target/lib/*"

# model mode batch size: the workloads of `pulmo bench --suite models` (Bench.workloads)
WORKLOADS="resnet50 train 8 224
resnet50 infer 16 224
resnet34 train 16 224
resnet34 infer 16 224
densenet121 train 8 224
densenet121 infer 8 224
efficientnet_b4 train 8 224
efficientnet_b4 infer 8 224
unet-seed train 4 128
unet-seed infer 4 128
cnn3d train 8 48
cnn3d infer 8 48"

: > "$OUT.tmp"
for round in $(seq 1 "$ROUNDS"); do
    while read -r model mode batch size; do
        if [ ${#MODELS[@]} -gt 0 ] && [[ ! " ${MODELS[*]} " =~ " $model " ]]; then continue; fi
        echo "round $round: $model $mode (pulmo)" >&2
        java -cp "$CP" io.pulmo.experiments.cli.PulmoCli bench --suite models --model "$model" --mode "$mode" \
            --iters "$ITERS" --warmup "$WARMUP" 2>/dev/null | grep '^{' | sed "s/^{/{\"round\": $round, /" >> "$OUT.tmp"
        echo "round $round: $model $mode (pytorch)" >&2
        peer_size=$size; [ "$model" = cnn3d ] && peer_size=48
        "$PY" "$PEER" --model "$model" --mode "$mode" --batch "$batch" --size "$peer_size" --threads "$THREADS" \
            --iters "$ITERS" --warmup "$WARMUP" | sed "s/^{/{\"round\": $round, \"impl\": \"pytorch\", /" >> "$OUT.tmp"
    done <<< "$WORKLOADS"
done
mv "$OUT.tmp" "$OUT"
"$PY" bench/report.py "$OUT" docs/PERFORMANCE.md
echo "wrote docs/PERFORMANCE.md from $OUT" >&2
