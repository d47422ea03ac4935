package sc.fiji.revsam2.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.io.HandMadeDicom;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;
import sc.fiji.revsam2.volume.metrics.Dice;

/**
 * What the quality tests share: the trained phantom model (the checkpoint shipped as a resource,
 * converted at 256 px once per test JVM), the demo's phantom and its "other patient", the same
 * volume written as NIfTI, TIFF and a DICOM folder, and Dice against the phantom's truth.
 */
final class PhantomQuality {

	/** The demo's seeds: the query phantom, and the "other patient" whose labelled slices are the supports. */
	static final long QUERY_SEED = 1, SUPPORT_SEED = 1001;
	/** Support slices per class, spread over each class's extent, as in the model's README. */
	static final int SUPPORTS_PER_CLASS = 3;
	static final int ORGAN = 1, KIDNEY = 2;

	private static Phantom.Case query, support;

	private PhantomQuality() {}

	/** The phantom model as the plugin ships it: converted at 256 px into the user's model cache. */
	static Path modelFolder() throws IOException {
		return PhantomModel.folder();
	}

	/** The demo's query phantom (seed 1, 128 x 128 x 16). */
	static synchronized Phantom.Case query() {
		if (query == null) query = Phantom.generate(QUERY_SEED);
		return query;
	}

	/** The demo's support phantom (seed 1001): another patient with the same classes, moved and resized. */
	static synchronized Phantom.Case support() {
		if (support == null) support = Phantom.generate(SUPPORT_SEED);
		return support;
	}

	/** Labels of {@link #SUPPORTS_PER_CLASS} slices per class of a truth, the rest empty. */
	static LabelVolume supportLabels(LabelVolume truth) {
		return Phantom.supportLabels(truth, SUPPORTS_PER_CLASS);
	}

	/** The truth with every slice outside first..last (0-based, inclusive) emptied. */
	static LabelVolume within(LabelVolume truth, int first, int last) {
		LabelVolume out = LabelVolume.zeros(truth.width(), truth.height(), truth.depth(), truth.spacing());
		for (int z = first; z <= last; z++) System.arraycopy(truth.slice(z), 0, out.slice(z), 0, truth.slice(z).length);
		return out;
	}

	static LabelVolume labels(ImagePlus imp) {
		return ImagePlusVolumes.toLabelVolume(imp);
	}

	/** Asserts the Dice of one class of a segmentation against the truth, naming the path and the class. */
	static double assertDice(String path, LabelVolume prediction, LabelVolume truth, int label, double atLeast) {
		double d = Dice.of(prediction, truth, label);
		String what = String.format(Locale.ROOT, "%s: Dice of class %d %s = %.4f", path, label, Phantom.CLASS_NAMES[label - 1], d);
		System.out.println("[quality] " + what);
		assertTrue(d >= atLeast, () -> what + ", expected at least " + atLeast);
		return d;
	}

	/**
	 * Asserts the mean reverse-propagation score of one class, read from a scores file as users get
	 * it (the Fiji commands' output_scores CSV or the command line's CSV report). The score of a
	 * slice is the Dice of the supports' true masks with their reverse propagation from that slice:
	 * a Dice against the truth on the support slices, and the part of the output that sees the
	 * support masks most directly (this model's forward masks hardly depend on them).
	 */
	static double assertMeanScore(String path, Path scores, int label, double atLeast) throws IOException {
		List<String> lines = Files.readAllLines(scores);
		List<String> header = List.of(lines.get(0).toLowerCase(Locale.ROOT).split(","));
		int labelCol = header.contains("class") ? header.indexOf("class") : header.indexOf("label"), scoreCol = header.indexOf("score");
		int kindCol = header.indexOf("kind");
		double sum = 0;
		int n = 0;
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",", -1);
			if (kindCol >= 0 && !f[kindCol].equals("slice")) continue;
			if (f[labelCol].isEmpty() || Integer.parseInt(f[labelCol]) != label || f[scoreCol].isEmpty() || f[scoreCol].equalsIgnoreCase("nan")) continue;
			sum += Double.parseDouble(f[scoreCol]);
			n++;
		}
		assertTrue(n > 0, path + ": no scores of class " + label + " in " + scores);
		double mean = sum / n;
		String what = String.format(Locale.ROOT, "%s: mean reverse-propagation score of class %d %s = %.4f", path, label, Phantom.CLASS_NAMES[label - 1], mean);
		System.out.println("[quality] " + what);
		assertTrue(mean >= atLeast, () -> what + ", expected at least " + atLeast);
		return mean;
	}

	/** Asserts that a segmentation has no label on slices outside first..last (0-based, inclusive). */
	static void assertEmptyOutside(String path, LabelVolume prediction, int first, int last) {
		for (int z = 0; z < prediction.depth(); z++) {
			if (z >= first && z <= last) continue;
			for (short s : prediction.slice(z)) assertTrue(s == 0, path + ": slice " + (z + 1) + " is outside the range and must stay empty");
		}
	}

	// ---- the same volume in the formats a user brings ----------------------------------------------

	static NiftiHeader writeNifti(Path file, Volume v) throws IOException {
		return NiftiWriter.defaults().write(file, v, null, NiftiDataType.INT16);
	}

	static void writeNiftiLabels(Path file, LabelVolume l, NiftiHeader geometry) throws IOException {
		NiftiWriter.defaults().write(file, l, geometry);
	}

	/** A calibrated 32-bit TIFF stack, as ImageJ saves it. */
	static Path writeTiff(Path file, Volume v) throws IOException {
		ImagePlus imp = ImagePlusVolumes.toImagePlus(v, file.getFileName().toString());
		if (!new FileSaver(imp).saveAsTiffStack(file.toString())) throw new IOException("cannot save " + file);
		return file;
	}

	/** A folder of one CT series: a signed 16-bit slice per file, rescale intercept -1024, slices 1..n along +z. */
	static Path writeDicom(Path folder, Volume v) throws IOException {
		Files.createDirectories(folder);
		for (int z = 0; z < v.depth(); z++) {
			HandMadeDicom d = new HandMadeDicom();
			d.rows = v.height();
			d.columns = v.width();
			d.rowSpacing = v.spacing().y();
			d.columnSpacing = v.spacing().x();
			d.thickness = v.spacing().z();
			d.instance = z + 1;
			d.position = new double[] { 0, 0, z * v.spacing().z() };
			float[] s = v.slice(z);
			d.pixels = new short[s.length];
			for (int i = 0; i < s.length; i++) d.pixels[i] = (short) Math.round(s[i] + 1024);
			d.write(folder.resolve(String.format(Locale.ROOT, "IM%04d.dcm", z + 1)));
		}
		return folder;
	}
}
