package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.evaluate.FrocFiles;
import io.pulmo.ct3d.evaluate.FrocResult;
import io.pulmo.ct3d.group.CandidateComponent;
import io.pulmo.ct3d.group.CandidateGrouper;
import io.pulmo.ct3d.group.CandidateWriter;
import io.pulmo.ct3d.group.Connectivity;
import io.pulmo.ct3d.group.GridShape;
import io.pulmo.ct3d.group.GroupingConfig;
import io.pulmo.ct3d.load.ElementType;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.VolumeInfo;
import io.pulmo.ct3d.load.XyzMm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ct3d", mixinStandardHelpOptions = true,
        description = "The LUNA16 pipeline's stages one at a time: info, segment, group, classify, diagnose, evaluate.",
        subcommands = {Ct3dCommand.Info.class, Ct3dStageCommands.Segment.class, Ct3dCommand.Group.class,
                Ct3dStageCommands.Classify.class, Ct3dStageCommands.Diagnose.class, Ct3dCommand.Evaluate.class})
final class Ct3dCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return PulmoCli.EXIT_ERROR;
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "One JSON object describing a MetaImage volume (.mhd/.raw or .mha): dims [x,y,z], spacing, "
                    + "origin, direction (row-major 3×3, as SimpleITK's GetDirection()), element_type, min, max, mean.")
    static final class Info implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VOLUME")
        Path volume;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(VolumeInfo.json(volume)));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true,
            description = "Candidate nodules from a segmentation heat map: threshold, erosion, 3-D connected "
                    + "components, their centres (HU-weighted with --ct); CSV rows "
                    + "seriesuid,coordX,coordY,coordZ,index,row,col,voxels; prints the component count.")
    static final class Group implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--heatmap", required = true, paramLabel = "H.mhd")
        Path heatmap;

        @Option(names = "--ct", paramLabel = "CT.mhd", description = "weights the centres by clip(HU,-1000,1000)+1001")
        Path ct;

        @Option(names = "--threshold", defaultValue = "0.5", description = "voxels above it (default: ${DEFAULT-VALUE})")
        double threshold;

        @Option(names = "--erode", defaultValue = "1", paramLabel = "N",
                description = "binary erosion iterations, 0 = none (default: ${DEFAULT-VALUE})")
        int erode;

        @Option(names = "--connectivity", defaultValue = "6", paramLabel = "6|26",
                description = "neighbours of a voxel (default: ${DEFAULT-VALUE})")
        int connectivity;

        @Option(names = "--out", paramLabel = "FILE.csv",
                description = "the candidates (default: <heat map stem>-candidates.csv beside the heat map)")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (erode < 0) {
                throw new PulmoException("--erode must be 0 or more, got " + erode);
            }
            if (connectivity != 6 && connectivity != 26) {
                throw new PulmoException("--connectivity must be 6 or 26, got " + connectivity);
            }
            MetaImage heat = MetaImage.read(heatmap, ElementType.MET_FLOAT);
            short[] hu = null;
            if (ct != null) {
                MetaImage volume = MetaImage.read(ct, ElementType.MET_SHORT);
                if (volume.sizeX() != heat.sizeX() || volume.sizeY() != heat.sizeY() || volume.sizeZ() != heat.sizeZ()) {
                    throw new PulmoException("--ct " + ct + " is " + volume.sizeX() + "×" + volume.sizeY() + "×"
                            + volume.sizeZ() + " but the heat map " + heatmap + " is " + heat.sizeX() + "×"
                            + heat.sizeY() + "×" + heat.sizeZ());
                }
                hu = volume.shorts();
            }
            String series = heatmap.getFileName().toString().replaceAll("(?i)\\.(mhd|mha)$", "");
            Path csv = out != null ? out : heatmap.resolveSibling(series + "-candidates.csv");
            List<CandidateComponent> components = CandidateGrouper.group(heat.floats(), hu,
                    new GridShape(heat.sizeZ(), heat.sizeY(), heat.sizeX()),
                    new GroupingConfig(threshold, erode, Connectivity.of(connectivity)));
            try (CandidateWriter w = CandidateWriter.open(csv)) {
                w.write(series, components, irc -> {
                    XyzMm xyz = heat.geometry().toXyz(irc[0], irc[1], irc[2]);
                    return new double[] {xyz.x(), xyz.y(), xyz.z()};
                });
            }
            spec.commandLine().getOut().println(components.size() + " components -> " + csv);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "LUNA16 FROC and CPM of a detections file in the submission format "
                    + "(seriesuid,coordX,coordY,coordZ,probability); prints one JSON object.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--detections", required = true, paramLabel = "D.csv")
        Path detections;

        @Option(names = "--annotations", required = true, paramLabel = "A.csv",
                description = "seriesuid,coordX,coordY,coordZ,diameter_mm")
        Path annotations;

        @Option(names = "--excluded", paramLabel = "E.csv",
                description = "annotations_excluded.csv: marks on these are ignored")
        Path excluded;

        @Option(names = "--series", paramLabel = "S.csv",
                description = "the scans evaluated, one seriesuid a line (default: those of annotations and detections)")
        Path series;

        @Option(names = "--out", paramLabel = "DIR", description = "also write froc.png and froc.csv there")
        Path out;

        @Override
        public Integer call() {
            FrocResult r = FrocFiles.evaluate(detections, annotations, excluded, series, out);
            spec.commandLine().getOut().println(r.toJson());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
