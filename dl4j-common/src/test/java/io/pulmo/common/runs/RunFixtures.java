package io.pulmo.common.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made run directories, written as text exactly as a run writes them. */
public final class RunFixtures {
    private RunFixtures() {
    }

    public static Path classification(Path dir, String lr, double auc, double accuracy) throws IOException {
        run(dir, "classification", "finished", """
                name: run
                task: classification
                data:
                  batch: 16
                  split:
                    ratios: [0.8, 0.1, 0.1]
                optimizer:
                  type: adam
                  lr: %s
                """.formatted(lr));
        Files.writeString(dir.resolve("metrics.json"), """
                {"task": "classification", "split": "test", "n": 4, "classes": ["NORMAL", "PNEUMONIA"],
                 "positive_class": "PNEUMONIA", "threshold": 0.5, "accuracy": %s, "auc": %s, "val_loss_min": 0.25,
                 "ci95": {"accuracy": [0.5, 1.0], "auc": [0.61234567, 0.99]}, "confusion": [[1, 1], [0, 2]],
                 "warnings": []}
                """.formatted(accuracy, auc));
        Files.writeString(dir.resolve("history.csv"), """
                epoch,lr,train_loss,val_loss,val_accuracy,val_auc
                1,0.001,0.9,0.8,0.6,0.7
                2,0.001,0.5,0.6,0.8,%s
                """.formatted(auc));
        Files.writeString(dir.resolve("predictions.csv"), """
                id,label,score,pred
                test/NORMAL/a.jpeg,NORMAL,0.2,NORMAL
                test/PNEUMONIA/b.jpeg,PNEUMONIA,0.9,PNEUMONIA
                test/PNEUMONIA/c.jpeg,PNEUMONIA,0.7,PNEUMONIA
                test/NORMAL/d.jpeg,NORMAL,0.8,PNEUMONIA
                """);
        return dir;
    }

    public static Path segmentation(Path dir, double dice) throws IOException {
        run(dir, "segmentation", "finished", "name: seg\ntask: segmentation\nloss:\n  type: dice\n");
        Files.writeString(dir.resolve("metrics.json"), "{\"dice\": %s, \"iou\": 0.5, \"loss\": 0.3}".formatted(dice));
        return dir;
    }

    public static Path run(Path dir, String task, String status, String configYaml) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run.json"), """
                {"name": "run", "task": "%s", "status": "%s", "seed": 42, "config_hash": "h", "host": "elsewhere",
                 "start_time": "2026-11-22T10:00:00Z", "end_time": "2026-11-22T10:05:00Z"}
                """.formatted(task, status));
        Files.writeString(dir.resolve("config.yaml"), configYaml);
        return dir;
    }
}
