package sc.fiji.revsam2.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static sc.fiji.revsam2.quality.PhantomQuality.KIDNEY;
import static sc.fiji.revsam2.quality.PhantomQuality.ORGAN;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.cli.Main;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.volume.LabelVolume;

/**
 * {@code revsam2 segment} with the trained phantom model, scored against the phantom's truth:
 * labels drawn on the query, supports from another patient, a batch of the same volume as
 * NIfTI, TIFF and DICOM, and a slice range. Each threshold is a measured Dice less a small margin
 * (the measured value is in the comment), so a wrong slice index, a transposed mask or a swapped
 * class makes these tests fail. Options as in the model's README: abdomen window, no hole filling.
 */
class PhantomQualityCliTest {

	@TempDir
	static Path dir;

	private static Path model, query, queryLabels, support, supportLabels;
	private static LabelVolume truth;

	@BeforeAll
	static void files() throws Exception {
		model = PhantomQuality.modelFolder();
		Phantom.Case q = PhantomQuality.query(), s = PhantomQuality.support();
		truth = q.truth();
		query = dir.resolve("phantom.nii.gz");
		NiftiHeader qh = PhantomQuality.writeNifti(query, q.image());
		queryLabels = dir.resolve("phantom_labels.nii.gz");
		PhantomQuality.writeNiftiLabels(queryLabels, PhantomQuality.supportLabels(q.truth()), qh);
		support = dir.resolve("support.nii.gz");
		NiftiHeader sh = PhantomQuality.writeNifti(support, s.image());
		supportLabels = dir.resolve("support_labels.nii.gz");
		PhantomQuality.writeNiftiLabels(supportLabels, PhantomQuality.supportLabels(s.truth()), sh);
	}

	/** Runs {@code revsam2 segment} in-process with the phantom model and the README's options; fails with the run's output unless it succeeds. */
	private static void segment(Object... args) {
		String[] argv = new String[args.length + 7];
		argv[0] = "segment";
		for (int i = 0; i < args.length; i++) argv[i + 1] = String.valueOf(args[i]);
		System.arraycopy(new String[] { "--model", model.toString(), "--window", "abdomen", "--fill-holes", "0" }, 0, argv, args.length + 1, 6);
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			code = new Main().run(argv, o, e);
		}
		assertEquals(0, code, () -> String.join(" ", argv) + "\n--- stdout\n" + out.toString(StandardCharsets.UTF_8) + "--- stderr\n" + err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void labelsDrawnOnTheQuerySegmentBothClasses() throws Exception {
		Path out = dir.resolve("labels").resolve("phantom_seg.nii.gz"), report = dir.resolve("labels").resolve("report.csv");
		segment(query, "--labels", queryLabels, "--output", out, "--report", report);
		LabelVolume seg = NiftiReader.readLabels(out);
		PhantomQuality.assertDice("segment --labels", seg, truth, ORGAN, 0.70); // measured 0.7329
		PhantomQuality.assertDice("segment --labels", seg, truth, KIDNEY, 0.16); // measured 0.1908
		PhantomQuality.assertMeanScore("segment --labels", report, ORGAN, 0.84); // measured 0.8755
		PhantomQuality.assertMeanScore("segment --labels", report, KIDNEY, 0.17); // measured 0.2056
	}

	@Test
	void supportsFromAnotherPatient() throws Exception {
		Path out = dir.resolve("support").resolve("phantom_seg.nii.gz");
		segment("--query", query, "--support", support, "--support-labels", supportLabels, "--output", out);
		LabelVolume seg = NiftiReader.readLabels(out);
		PhantomQuality.assertDice("segment --support", seg, truth, ORGAN, 0.82); // measured 0.8485 (the model's README: 0.848)
		// the kidney alone scores 0.1445 (README: 0.144); with the organ in the same run the organ's higher logits take its voxels (measured 0.0000)
	}

	@Test
	void batchOfTheSameVolumeAsNiftiTiffAndDicom() throws Exception {
		Path in = dir.resolve("batch-in");
		Files.createDirectories(in);
		Path nii = in.resolve("as-nifti.nii.gz"), tif = in.resolve("as-tiff.tif"), dcm = in.resolve("as-dicom");
		PhantomQuality.writeNifti(nii, PhantomQuality.query().image());
		PhantomQuality.writeTiff(tif, PhantomQuality.query().image());
		PhantomQuality.writeDicom(dcm, PhantomQuality.query().image());
		Path list = Files.writeString(dir.resolve("batch.txt"), nii + "\n" + tif + "\n" + dcm + "\n");
		Path outDir = dir.resolve("batch-out");
		segment("--batch", list, "--support", support, "--support-labels", supportLabels, "--output-dir", outDir);
		LabelVolume fromNifti = null;
		for (String name : List.of("as-nifti", "as-tiff", "as-dicom")) {
			LabelVolume seg = NiftiReader.readLabels(outDir.resolve(name + "_revsam2.nii.gz"));
			PhantomQuality.assertDice("segment --batch " + name, seg, truth, ORGAN, 0.82); // measured 0.8485 for each format
			if (fromNifti == null) fromNifti = seg;
			else for (int z = 0; z < seg.depth(); z++) assertArrayEquals(fromNifti.slice(z), seg.slice(z), name + ": the same volume gives the same segmentation, slice " + (z + 1));
		}
	}

	@Test
	void sliceRangeSegmentsOnlyThoseSlices() throws Exception {
		Path out = dir.resolve("range").resolve("phantom_seg.nii.gz");
		segment(query, "--support", support, "--support-labels", supportLabels, "--slices", "3-14", "--output", out);
		LabelVolume seg = NiftiReader.readLabels(out);
		PhantomQuality.assertEmptyOutside("segment --slices 3-14", seg, 2, 13);
		PhantomQuality.assertDice("segment --slices 3-14", seg, PhantomQuality.within(truth, 2, 13), ORGAN, 0.83); // measured 0.8674 (5-12 with k = 10 selects every slice; this range leaves the selection a choice)
	}
}
