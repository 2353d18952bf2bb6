package io.panzoto.auth.face;

import io.panzoto.testing.FacePhotos;
import io.panzoto.testing.FacePhotos.Person;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Issue #21's figures for docs/benchmarks.md (auth-service/bench/face): the genuine and impostor score
 * distributions over every photo pair, the false-accept and false-reject rates at the configured
 * threshold and around it, the liveness scores of the photos and of simulated screen recaptures,
 * verification latency on one thread, verifications per second on two, and the process RSS.
 */
public final class FaceBenchmark {
    private static final double THRESHOLD = 0.55;
    private static final double LIVENESS = 0.5;

    public static void main(String[] args) throws Exception {
        long before = rssMib();
        try (FacePipeline pipeline = new FacePipeline(1)) {
            System.out.printf("RSS: %d MiB before the models load, %d MiB after (heap used %d MiB)%n", before, rssMib(), heapUsedMib());
            Map<Person, List<FacePipeline.Analysis>> byPerson = new EnumMap<>(Person.class);
            int photos = 0;
            int notOneFace = 0;
            List<Double> liveness = new ArrayList<>();
            List<Double> recaptured = new ArrayList<>();
            for (Person person : FacePhotos.people()) {
                List<FacePipeline.Analysis> analyses = new ArrayList<>();
                for (int n = 0; n < FacePhotos.RENDITIONS; n++) {
                    photos++;
                    BufferedImage image = FaceImages.decode(FacePhotos.photo(person, n)).orElseThrow();
                    List<FacePipeline.Face> faces = pipeline.detect(image);
                    if (faces.size() != 1) {
                        notOneFace++;
                        continue;
                    }
                    FacePipeline.Analysis analysis = pipeline.analyse(image, faces.get(0));
                    analyses.add(analysis);
                    liveness.add(analysis.liveness());
                    if (n == 0) {
                        BufferedImage screen = recapture(image);
                        List<FacePipeline.Face> seen = pipeline.detect(screen);
                        if (seen.size() == 1) {
                            recaptured.add(pipeline.analyse(screen, seen.get(0)).liveness());
                        }
                    }
                }
                byPerson.put(person, analyses);
            }
            List<Double> genuine = new ArrayList<>();
            List<Double> impostor = new ArrayList<>();
            List<Double> templateGenuine = new ArrayList<>();
            List<Person> people = new ArrayList<>(byPerson.keySet());
            for (int p = 0; p < people.size(); p++) {
                List<FacePipeline.Analysis> mine = byPerson.get(people.get(p));
                for (int i = 0; i < mine.size(); i++) {
                    for (int j = i + 1; j < mine.size(); j++) {
                        genuine.add(FacePipeline.similarity(mine.get(i).embedding(), mine.get(j).embedding()));
                    }
                    for (int q = p + 1; q < people.size(); q++) {
                        for (FacePipeline.Analysis theirs : byPerson.get(people.get(q))) {
                            impostor.add(FacePipeline.similarity(mine.get(i).embedding(), theirs.embedding()));
                        }
                    }
                }
                // As the product enrols: the template of renditions 0 and 1 against each later one.
                if (mine.size() >= 3) {
                    float[] template = FaceTemplates.average(List.of(mine.get(0).embedding(), mine.get(1).embedding()));
                    for (int k = 2; k < mine.size(); k++) {
                        templateGenuine.add(FacePipeline.similarity(template, mine.get(k).embedding()));
                    }
                }
            }
            System.out.printf("photos %d (%d people), %d without exactly one face detected%n", photos, people.size(), notOneFace);
            System.out.println("genuine pairs   " + summary(genuine));
            System.out.println("template vs new " + summary(templateGenuine));
            System.out.println("impostor pairs  " + summary(impostor));
            System.out.println("threshold   FAR (impostor >= t)   FRR pairs (genuine < t)   FRR template");
            for (double t : new double[] {0.40, 0.45, 0.50, THRESHOLD, 0.60, 0.65, 0.70}) {
                System.out.printf("  %.2f      %6.3f%% (%d/%d)      %6.2f%% (%d/%d)          %6.2f%%%n", t,
                        100.0 * above(impostor, t) / impostor.size(), above(impostor, t), impostor.size(),
                        100.0 * (genuine.size() - above(genuine, t)) / genuine.size(), genuine.size() - above(genuine, t), genuine.size(),
                        100.0 * (templateGenuine.size() - above(templateGenuine, t)) / templateGenuine.size());
            }
            System.out.println("liveness, photos      " + summary(liveness) + String.format("  below %.2f: %d/%d", LIVENESS,
                    liveness.size() - above(liveness, LIVENESS), liveness.size()));
            System.out.println("liveness, recaptured  " + summary(recaptured) + String.format("  below %.2f: %d/%d", LIVENESS,
                    recaptured.size() - above(recaptured, LIVENESS), recaptured.size()));
            latency(pipeline);
        }
        System.out.println("RSS at the end (heap grown by the 12 MP images): " + rssMib() + " MiB (heap used " + heapUsedMib() + " MiB)");
    }

    /** One verification as the service does it: decode, detect, landmarks, embedding, liveness, compare. */
    private static void latency(FacePipeline pipeline) throws Exception {
        latency(pipeline, FacePhotos.photo(Person.S1C, 0));
        // As a phone sends it: the same portrait at 12 MP (3000×4000), JPEG.
        BufferedImage portrait = FaceImages.decode(FacePhotos.photo(Person.S1C, 0)).orElseThrow();
        BufferedImage phone = new BufferedImage(3000, 4000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = phone.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(portrait, 0, 0, 3000, 4000, null);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(phone, "jpg", jpeg);
        latency(pipeline, jpeg.toByteArray());
    }

    private static void latency(FacePipeline pipeline, byte[] photo) throws Exception {
        float[] template = verify(pipeline, photo);
        for (int i = 0; i < 20; i++) {
            verify(pipeline, photo);
        }
        int runs = photo.length > 1 << 20 ? 60 : 300;
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            FacePipeline.similarity(template, verify(pipeline, photo));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        java.awt.Dimension size = dimensions(photo);
        System.out.printf("verify latency, 1 thread (%d runs, %d×%d JPEG of %d KiB): p50 %.1f ms, p99 %.1f ms%n", runs,
                size.width, size.height, photo.length / 1024, nanos[runs / 2] / 1e6, nanos[runs * 99 / 100] / 1e6);
        int threads = 2;
        int perThread = photo.length > 1 << 20 ? 30 : 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    verify(pipeline, photo);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput, %d threads: %.1f verifications/s (%d in %.1f s, %d cores)%n", threads, threads * perThread / seconds,
                threads * perThread, seconds, Runtime.getRuntime().availableProcessors());
    }

    private static java.awt.Dimension dimensions(byte[] photo) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo));
        return new java.awt.Dimension(image.getWidth(), image.getHeight());
    }

    private static float[] verify(FacePipeline pipeline, byte[] photo) throws Exception {
        BufferedImage image = FaceImages.decode(photo).orElseThrow();
        FacePipeline.Face face = pipeline.detect(image).get(0);
        return pipeline.analyse(image, face).embedding();
    }

    /**
     * A crude stand-in for a photo of a screen: the portrait shown at lower resolution with a moiré of
     * the display's pixel grid, gamma-lifted and recompressed. No real recapture fixtures exist here.
     */
    private static BufferedImage recapture(BufferedImage image) throws Exception {
        int w = image.getWidth() / 2;
        int h = image.getHeight() / 2;
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int p = small.getRGB(Math.min(x / 2, w - 1), Math.min(y / 2, h - 1));
                double moire = 0.85 + 0.15 * Math.sin(x * 0.9 + y * 0.35);
                int r = lift((p >> 16 & 0xff) * moire);
                int gr = lift((p >> 8 & 0xff) * moire);
                int b = lift(Math.min(255, (p & 0xff) * moire * 1.1));
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(out, "jpg", jpeg);
        return FaceImages.toRgb(ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray())));
    }

    private static int lift(double v) {
        return (int) Math.min(255, 255 * Math.pow(v / 255, 0.8));
    }

    private static int above(List<Double> scores, double threshold) {
        return (int) scores.stream().filter(s -> s >= threshold).count();
    }

    private static String summary(List<Double> scores) {
        double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (s.length == 0) {
            return "(none)";
        }
        return String.format("n=%d min %.3f p5 %.3f median %.3f p95 %.3f max %.3f", s.length, s[0], s[s.length * 5 / 100],
                s[s.length / 2], s[Math.min(s.length - 1, s.length * 95 / 100)], s[s.length - 1]);
    }

    private static long rssMib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static long heapUsedMib() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }
}
