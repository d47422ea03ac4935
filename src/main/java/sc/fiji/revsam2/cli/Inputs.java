package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.revsam2.io.LabelVolumes;
import sc.fiji.revsam2.io.VolumeFile;
import sc.fiji.revsam2.io.VolumeIOException;
import sc.fiji.revsam2.io.VolumeReader;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** Reading inputs with one-line errors (exit code 3) and checks of output names. */
final class Inputs {

	private Inputs() {}

	/** Reads a volume; its reader's warnings go to stderr. */
	static VolumeFile readVolume(Path file, Context ctx) throws CliException {
		ctx.progress.note("reading " + file);
		VolumeFile vf;
		try {
			vf = VolumeReader.read(file);
		} catch (VolumeIOException e) {
			throw CliException.input(e.getMessage(), e);
		}
		for (String w : vf.warnings()) ctx.progress.warn(name(file) + ": " + w);
		return vf;
	}

	/** Reads a label volume: voxels must be whole numbers 0..65535. */
	static LabelVolume readLabels(Path file, Context ctx) throws CliException {
		VolumeFile vf = readVolume(file, ctx);
		try {
			return LabelVolumes.fromVolume(vf.volume());
		} catch (IllegalArgumentException e) {
			throw CliException.input(name(file) + ": not a label volume: " + e.getMessage(), e);
		}
	}

	/** Checks that a label volume has the size of its image, naming both files. */
	static void requireSameSize(LabelVolume labels, Path labelsFile, Volume image, Path imageFile) throws CliException {
		if (labels.width() != image.width() || labels.height() != image.height() || labels.depth() != image.depth()) {
			throw CliException.input(name(labelsFile) + ": the label volume is " + size(labels) + " voxels but its image " + name(imageFile) + " is "
				+ size(image) + ": they must have the same size");
		}
	}

	/**
	 * Checks a NIfTI output name before any work: it must end in .nii or .nii.gz, not be a folder,
	 * not be one of the inputs, and not exist unless {@code overwrite}.
	 */
	static void checkOutput(String flag, Path output, boolean overwrite, Path... inputs) throws CliException {
		String n = name(output).toLowerCase(Locale.ROOT);
		if (!n.endsWith(".nii") && !n.endsWith(".nii.gz")) throw CliException.usage(flag + " " + output + ": the output name must end in .nii.gz or .nii");
		checkNotInput(flag, output, inputs);
		if (Files.isDirectory(output)) throw CliException.usage(flag + " " + output + ": is a folder");
		if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
			throw CliException.usage(output + " already exists; use --overwrite to replace it");
		}
	}

	/** Refuses to write over an input, whatever --overwrite says. */
	static void checkNotInput(String flag, Path output, Path... inputs) throws CliException {
		for (Path in : inputs) {
			if (in != null && same(in, output)) throw CliException.usage(flag + " " + output + " is also an input: choose another output name");
		}
	}

	static boolean same(Path a, Path b) {
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		} catch (IOException e) {
			// fall through to comparing names
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

	/** Creates the folder an output goes into. */
	static void createParent(Path output) throws CliException {
		Path parent = output.toAbsolutePath().getParent();
		if (parent == null || Files.isDirectory(parent)) return;
		try {
			Files.createDirectories(parent);
		} catch (IOException e) {
			throw CliException.input(name(output) + ": cannot create its folder " + parent + " (" + e.getMessage() + ")", e);
		}
	}

	static String name(Path p) {
		Path n = p.getFileName();
		return n == null ? p.toString() : n.toString();
	}

	static String size(Volume v) {
		return v.width() + "x" + v.height() + "x" + v.depth();
	}

	static String size(LabelVolume v) {
		return v.width() + "x" + v.height() + "x" + v.depth();
	}

	static String spacing(Spacing s) {
		return String.format(Locale.ROOT, "%s x %s x %s %s", num(s.x()), num(s.y()), num(s.z()), s.unit());
	}

	static String num(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		if (!Double.isFinite(v)) return Double.toString(v);
		return new java.math.BigDecimal(String.format(Locale.ROOT, "%.5g", v)).stripTrailingZeros().toPlainString();
	}

	/** The name of a volume file without its extension: "patient01" for patient01.nii.gz. */
	static String baseName(Path p) {
		String n = name(p);
		String lower = n.toLowerCase(Locale.ROOT);
		for (String ext : new String[] { ".nii.gz", ".nii", ".hdr.gz", ".hdr", ".img.gz", ".img", ".tiff", ".tif", ".dcm", ".dicom", ".ima" }) {
			if (lower.endsWith(ext) && n.length() > ext.length()) return n.substring(0, n.length() - ext.length());
		}
		return n;
	}
}
