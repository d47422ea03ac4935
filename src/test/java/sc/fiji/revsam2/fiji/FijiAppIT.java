package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiImage;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.NiftiWriter;

/**
 * The Linux release zip unzipped into a Fiji.app that has only ImageJ 1.x and the SciJava jars:
 * ImageJ started from it (Fiji's launcher class path) runs the shipped example macro, which
 * calls "RevSAM2 Segment (IJ1)" on a phantom with the bundled test model.
 */
class FijiAppIT {

	@TempDir
	Path dir;

	/** A phantom volume and its label image (label 1 on slices 3 and 5) as NIfTI. */
	static Path[] phantom(Path dir) throws Exception {
		ImagePlus imp = Phantoms.ellipsoid("phantom", 48, 40, 8);
		ImagePlus labels = Phantoms.labels(imp, new double[][] { Phantoms.centred(imp) }, new int[] { 1 }, new int[][] { { 3, 5 } });
		Path vol = dir.resolve("phantom.nii.gz"), lab = dir.resolve("phantom-labels.nii.gz");
		NiftiWriter.defaults().write(vol, ImagePlusVolumes.toVolume(imp));
		NiftiWriter.defaults().write(lab, ImagePlusVolumes.toLabelVolume(labels));
		return new Path[] { vol, lab };
	}

	/** Checks the label image the macro wrote: the phantom's size and spacing, labels 0 and 1 only, one score row per slice. */
	static void checkResult(Path vol, Path out) throws Exception {
		Set<String> files;
		try (Stream<Path> s = Files.list(out)) {
			files = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
		}
		assertEquals(Set.of("phantom_revsam2.nii.gz", "phantom_revsam2-scores.csv"), files);
		NiftiImage in = NiftiReader.read(vol), seg = NiftiReader.read(out.resolve("phantom_revsam2.nii.gz"));
		assertEquals(in.volume().width(), seg.volume().width());
		assertEquals(in.volume().height(), seg.volume().height());
		assertEquals(in.volume().depth(), seg.volume().depth());
		assertEquals(in.volume().spacing(), seg.volume().spacing());
		for (int z = 0; z < seg.volume().depth(); z++) {
			for (float x : seg.volume().slice(z)) assertTrue(x == 0 || x == 1, "label values are 0 and 1, found " + x);
		}
		assertEquals(8 + 1, Files.readAllLines(out.resolve("phantom_revsam2-scores.csv")).size(), "a header and one score row per slice");
	}

	@Test
	void theLinuxZipInAFijiAppSegmentsAPhantomFromAMacro() throws Exception {
		PackagedFiji fiji = PackagedFiji.install(dir);
		try (Stream<Path> natives = Files.list(fiji.app.resolve("jars/linux64"))) {
			assertTrue(natives.anyMatch(j -> j.getFileName().toString().startsWith("tensorflow-core-native-1.1.0-linux-x86_64")), "the native jar is in jars/linux64");
		}
		assertTrue(Files.isRegularFile(fiji.app.resolve("macros/RevSAM2/segment-volume-headless.ijm")));
		Path[] p = phantom(Files.createDirectories(dir.resolve("data")));
		Path out = dir.resolve("results"), models = Files.createDirectories(dir.resolve("no-models"));
		Path macro = dir.resolve("run.ijm");
		Files.writeString(macro, String.join("\n",
			"print(\"engine: \" + call(\"sc.fiji.revsam2.sam2.Sam2Engines.describe\"));",
			"runMacro(\"" + fiji.app.resolve("macros/RevSAM2/segment-volume-headless.ijm") + "\", getArgument());",
			"print(\"macro done\");", ""));
		String log = fiji.runMacro(macro, "volume=[" + p[0] + "] labels=[" + p[1] + "] out=[" + out + "] model=[" + ModelChoice.TEST_MODEL + "] k=2", models);
		assertTrue(log.contains("engine: TensorFlow 2.18"), log);
		assertTrue(log.contains("in its own class loader"), log);
		assertTrue(log.contains("macro done"), log);
		checkResult(p[0], out);
	}
}
