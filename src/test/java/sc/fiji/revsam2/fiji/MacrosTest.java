package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiImage;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.testing.TempDirs;

/**
 * The example macros of macros/ run as headless Fiji runs them (ImageJ 1.x macro interpreter,
 * the plugins.config commands), on small NIfTI and TIFF volumes and the bundled test model; and
 * the SLURM script with a stand-in for the Fiji launcher.
 */
class MacrosTest {

	static final Path MACROS = Paths.get("macros").toAbsolutePath();
	static final String TEST_MODEL = "[" + ModelChoice.TEST_MODEL + "]";

	@TempDir
	Path dir;

	@BeforeAll
	static void noModels() throws Exception {
		Path empty = Files.createTempDirectory("revsam2-no-models");
		TempDirs.deleteOnExit(empty);
		System.setProperty("revsam2.models", empty.toString());
	}

	@AfterAll
	static void restore() {
		System.clearProperty("revsam2.models");
	}

	/** A phantom written as NIfTI (volume) and its label image with label 1 on slices 3 and 5. */
	private Path[] niftiCase(String name, Path folder, Path labelFolder) throws Exception {
		ImagePlus imp = Phantoms.ellipsoid(name, 48, 40, 8);
		Files.createDirectories(folder);
		Path vol = folder.resolve(name + ".nii.gz");
		var volume = ImagePlusVolumes.toVolume(imp);
		NiftiHeader geometry = NiftiHeader.fromSpacing(48, 40, 8, volume.spacing()).toBuilder()
			.sform(NiftiHeader.XFORM_SCANNER_ANAT, new double[][] { { -0.8, 0, 0, 120 }, { 0, -0.8, 0, 60 }, { 0, 0, 2.5, -40 } }).build();
		NiftiWriter.defaults().write(vol, volume, geometry, NiftiDataType.FLOAT32);
		Path lab = null;
		if (labelFolder != null) {
			Files.createDirectories(labelFolder);
			ImagePlus labels = Phantoms.labels(imp, new double[][] { Phantoms.centred(imp) }, new int[] { 1 }, new int[][] { { 3, 5 } });
			lab = labelFolder.resolve(name + ".nii.gz");
			NiftiWriter.defaults().write(lab, ImagePlusVolumes.toLabelVolume(labels));
		}
		return new Path[] { vol, lab };
	}

	private static Set<String> names(Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
		}
	}

	@Test
	void perVolumeMacroWithALabelFileKeepsTheNiftiGeometry() throws Exception {
		Path[] c = niftiCase("case01", dir.resolve("ct"), dir.resolve("seeds"));
		Path out = dir.resolve("results");
		HeadlessIJ1.runMacro(MACROS.resolve("segment-volume-headless.ijm").toString(),
			"volume=[" + c[0] + "] labels=[" + c[1] + "] out=[" + out + "] model=" + TEST_MODEL + " k=2 window=abdomen");
		assertEquals(Set.of("case01_revsam2.nii.gz", "case01_revsam2-scores.csv"), names(out));
		NiftiImage in = NiftiReader.read(c[0]), seg = NiftiReader.read(out.resolve("case01_revsam2.nii.gz"));
		assertEquals(in.volume().width(), seg.volume().width());
		assertEquals(in.volume().depth(), seg.volume().depth());
		assertEquals(in.volume().spacing(), seg.volume().spacing());
		assertTrue(java.util.Arrays.deepEquals(in.header().affine(), seg.header().affine()), "the segmentation has the input's geometry");
		assertEquals(120, seg.header().affine()[0][3], 1e-6);
		assertEquals(9, Files.readAllLines(out.resolve("case01_revsam2-scores.csv")).size());
		assertEquals(0, ij.WindowManager.getImageCount(), "the macro closes its images");
	}

	@Test
	void perVolumeMacroWithATiffAtlas() throws Exception {
		ImagePlus query = Phantoms.ellipsoid("patient", 48, 40, 8), atlas = Phantoms.ellipsoid("atlas", 40, 40, 6);
		ImagePlus atlasLabels = Phantoms.labels(atlas, new double[][] { Phantoms.centred(atlas) }, new int[] { 2 }, new int[][] { { 3, 4 } });
		Path q = dir.resolve("patient 7.tif"), a = dir.resolve("atlas.tif"), al = dir.resolve("atlas-labels.tif"), out = dir.resolve("out");
		IJ.saveAsTiff(query, q.toString());
		IJ.saveAsTiff(atlas, a.toString());
		IJ.saveAsTiff(atlasLabels, al.toString());
		HeadlessIJ1.runMacro(MACROS.resolve("segment-volume-headless.ijm").toString(),
			"volume=[" + q + "] atlas=[" + a + "] atlaslabels=[" + al + "] out=[" + out + "] model=" + TEST_MODEL + " k=3 names=[2=organ]");
		assertEquals(Set.of("patient 7_revsam2.tif", "patient 7_revsam2-scores.csv"), names(out));
		ImagePlus seg = IJ.openImage(out.resolve("patient 7_revsam2.tif").toString());
		assertEquals(8, seg.getNSlices());
		assertEquals(Phantoms.DEPTH, seg.getCalibration().pixelDepth, 1e-9);
		assertTrue(Files.readAllLines(out.resolve("patient 7_revsam2-scores.csv")).get(1).startsWith("2,organ,1,"));
	}

	@Test
	void batchMacroSegmentsEveryVolumeWithALabelFile() throws Exception {
		niftiCase("a", dir.resolve("ct"), dir.resolve("seeds"));
		niftiCase("b", dir.resolve("ct"), null); // no label file: skipped
		Files.writeString(dir.resolve("ct").resolve("notes.txt"), "not a volume");
		Path out = dir.resolve("results");
		HeadlessIJ1.runMacro(MACROS.resolve("batch-folder.ijm").toString(),
			"volumes=[" + dir.resolve("ct") + "] labels=[" + dir.resolve("seeds") + "] out=[" + out + "] model=" + TEST_MODEL + " k=2");
		assertEquals(Set.of("a_revsam2.nii.gz", "a_revsam2-scores.csv"), names(out));
	}

	@Test
	void slurmScriptRunsTheMacroOnItsTasksVolume() throws Exception {
		Path[] c1 = niftiCase("case01", dir.resolve("ct"), dir.resolve("seeds"));
		Path[] c2 = niftiCase("case02", dir.resolve("ct"), dir.resolve("seeds"));
		Path list = Files.writeString(dir.resolve("volumes.txt"), "# volume  labels\n" + c1[0] + "\t" + c1[1] + "\n\n" + c2[0] + " " + c2[1] + "\n");
		// the Fiji launcher's stand-in: this test's JVM and classpath, running HeadlessIJ1
		Path fiji = dir.resolve("ImageJ-linux64");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Files.writeString(fiji, "#!/bin/bash\necho \"$@\" > \"" + dir.resolve("launcher-args.txt") + "\"\nexec \"" + java + "\" -Djava.awt.headless=true -Xmx2g"
			+ " -Drevsam2.models=\"$REVSAM2_MODELS\" -cp \"" + System.getProperty("java.class.path") + "\" " + HeadlessIJ1.class.getName() + " \"$@\"\n");
		Files.setPosixFilePermissions(fiji, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path out = dir.resolve("results");
		ProcessBuilder pb = new ProcessBuilder("bash", MACROS.resolve("slurm-fiji-headless.sh").toString(), list.toString(), out.toString()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("job.log").toFile());
		pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
		pb.environment().put("FIJI", fiji.toString());
		pb.environment().put("MODEL", ModelChoice.TEST_MODEL);
		pb.environment().put("K", "2");
		pb.environment().put("REVSAM2_MODELS", System.getProperty("revsam2.models"));
		Process p = pb.start();
		assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the job finished");
		String log = Files.readString(dir.resolve("job.log"));
		assertEquals(0, p.exitValue(), log);
		assertEquals(Set.of("case02_revsam2.nii.gz", "case02_revsam2-scores.csv"), names(out), log);
		String launcher = Files.readString(dir.resolve("launcher-args.txt"));
		assertTrue(launcher.startsWith("--headless --console -macro " + MACROS.resolve("segment-volume-headless.ijm")), launcher);
		assertTrue(launcher.contains("volume=[" + c2[0] + "] labels=[" + c2[1] + "] out=[" + out + "]"), launcher);

		pb.environment().remove("SLURM_ARRAY_TASK_ID");
		Process noTask = pb.start();
		assertTrue(noTask.waitFor(30, TimeUnit.SECONDS));
		assertFalse(noTask.exitValue() == 0, "not an array task: refuses");
		assertTrue(new File(fiji.toString()).canExecute());
	}
}
