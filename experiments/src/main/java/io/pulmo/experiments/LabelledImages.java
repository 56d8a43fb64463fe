package io.pulmo.experiments;

import io.pulmo.common.PulmoException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The input image with its predicted label and score written on a band above it, saved as PNG. */
public final class LabelledImages {
    private LabelledImages() {
    }

    public static Path write(Run.Prediction p, Path dir) {
        try {
            BufferedImage src = ImageIO.read(p.input().toFile());
            if (src == null) {
                throw new PulmoException("unreadable image: " + p.input());
            }
            int w = Math.max(256, src.getWidth());
            int h = (int) Math.round(src.getHeight() * (w / (double) src.getWidth()));
            int band = 28;
            BufferedImage out = new BufferedImage(w, h + band, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(30, 30, 30));
            g.fillRect(0, 0, w, band);
            g.drawImage(src, 0, band, w, h, null);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(String.format(Locale.ROOT, "%s  %.3f", p.pred(), p.score()), 8, 20);
            g.dispose();
            Files.createDirectories(dir);
            String name = p.input().getFileName().toString().replaceAll("\\.[^.]+$", "") + ".png";
            Path file = dir.resolve(name);
            ImageIO.write(out, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new PulmoException("cannot write labelled image for " + p.input() + ": " + e.getMessage(), e);
        }
    }
}
