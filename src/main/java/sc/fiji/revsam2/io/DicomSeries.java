package sc.fiji.revsam2.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

/**
 * Puts the slices of a DICOM series opened by ImageJ in spatial order and derives the NIfTI
 * geometry from the DICOM tags ImageJ keeps in each slice label: Image Position (0020,0032) and
 * Image Orientation (0020,0037). ImageJ sorts by Instance Number; that order is kept when the
 * positions agree with it (either direction) and replaced by the order along the slice normal
 * when they do not.
 */
final class DicomSeries {

	static final String POSITION = "0020,0032", ORIENTATION = "0020,0037", SERIES_UID = "0020,000E";

	private DicomSeries() {}

	/** The sorted image (possibly {@code imp} itself, re-stacked) and its geometry. */
	record Sorted(ImagePlus image, NiftiHeader geometry) {}

	/**
	 * Orders the slices, sets the z voxel size from the slice positions and returns the
	 * geometry; falls back to ImageJ's order and a voxel-size-only geometry (with a warning) when
	 * positions are missing.
	 *
	 * @throws VolumeIOException when the folder mixes series, orientations or repeats positions
	 */
	static Sorted sort(Path folder, ImagePlus imp, List<String> warnings) throws VolumeIOException {
		ImageStack stack = imp.getStack();
		int n = stack.getSize();
		double[][] pos = new double[n][];
		double[] iop = null;
		Set<String> series = new LinkedHashSet<>();
		boolean complete = imp.getNChannels() == 1 && imp.getNFrames() == 1;
		for (int i = 0; i < n && complete; i++) {
			String label = stack.getSliceLabel(i + 1);
			String uid = tag(label, SERIES_UID);
			if (uid != null) series.add(uid);
			pos[i] = numbers(tag(label, POSITION), 3);
			double[] o = numbers(tag(label, ORIENTATION), 6);
			if (pos[i] == null || o == null) {
				complete = false;
				break;
			}
			if (iop == null) iop = o;
			else if (!close(iop, o, 1e-4)) throw new VolumeIOException(folder, "DICOM slices " + 1 + " and " + (i + 1) + " have different orientations (a localizer or a second series in the folder?)");
		}
		if (series.size() > 1) throw new VolumeIOException(folder, "folder holds " + series.size() + " DICOM series; put each series in its own folder");
		Calibration cal = imp.getCalibration();
		if (!complete) {
			warnings.add("DICOM slices lack Image Position/Orientation; slices kept in ImageJ's order and geometry from the voxel size only");
			return new Sorted(imp, NiftiHeader.fromSpacing(imp.getWidth(), imp.getHeight(), imp.getNSlices(), ImagePlusVolumes.spacing(cal)));
		}
		double[] row = Arrays.copyOfRange(iop, 0, 3), col = Arrays.copyOfRange(iop, 3, 6);
		double[] normal = cross(row, col);
		double[] along = new double[n];
		for (int i = 0; i < n; i++) along[i] = dot(pos[i], normal);
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) order[i] = i;
		if (!monotonic(along)) {
			Arrays.sort(order, Comparator.comparingDouble(i -> along[i]));
			ImageStack sorted = new ImageStack(stack.getWidth(), stack.getHeight(), stack.getColorModel());
			for (int i : order) sorted.addSlice(stack.getSliceLabel(i + 1), stack.getPixels(i + 1));
			ImagePlus imp2 = new ImagePlus(imp.getTitle(), sorted);
			imp2.setCalibration(cal);
			imp2.setProperty("Info", imp.getProperty("Info"));
			imp = imp2;
		}
		double first = along[order[0]], last = along[order[n - 1]];
		double dz = cal.pixelDepth;
		if (n > 1) {
			double min = Double.POSITIVE_INFINITY, max = 0;
			for (int k = 1; k < n; k++) {
				double gap = Math.abs(along[order[k]] - along[order[k - 1]]);
				min = Math.min(min, gap);
				max = Math.max(max, gap);
			}
			if (min < 1e-6) throw new VolumeIOException(folder, "several DICOM slices share one position (more than one volume, e.g. echoes or time points, in the folder?)");
			dz = Math.abs(last - first) / (n - 1);
			if (max - min > 0.01 * dz + 1e-4) warnings.add(String.format(Locale.ROOT, "slice spacing is not uniform (%.4g to %.4g %s); missing slices? %.4g used", min, max, cal.getUnit(), dz));
			Calibration c2 = cal.copy();
			c2.pixelDepth = dz;
			imp.setCalibration(c2);
		}
		if (!(dz > 0)) dz = 1;
		// slice direction: from the first slice to the last, or the normal for a single slice
		double[] s = normal;
		if (n > 1) {
			double[] d = sub(pos[order[n - 1]], pos[order[0]]);
			double len = Math.sqrt(dot(d, d));
			s = new double[] { d[0] / len, d[1] / len, d[2] / len };
		}
		double dx = Math.abs(cal.pixelWidth), dy = Math.abs(cal.pixelHeight);
		double[] p0 = pos[order[0]];
		double[][] affine = new double[3][4];
		for (int r = 0; r < 3; r++) {
			// DICOM is LPS, NIfTI is RAS: x and y change sign
			double sign = r < 2 ? -1 : 1;
			affine[r][0] = sign * row[r] * dx;
			affine[r][1] = sign * col[r] * dy;
			affine[r][2] = sign * s[r] * dz;
			affine[r][3] = sign * p0[r];
		}
		NiftiHeader.Builder b = NiftiHeader.builder().size(imp.getWidth(), imp.getHeight(), imp.getNSlices());
		b.geometryFromAffine(NiftiHeader.XFORM_SCANNER_ANAT, NiftiHeader.XFORM_SCANNER_ANAT, affine).xyztUnits(NiftiHeader.UNITS_MM);
		return new Sorted(imp, b.build());
	}

	/** The value of a tag in ImageJ's DICOM info text ("0020,0032  Image Position (Patient): -125\-125\-50"). */
	static String tag(String info, String id) {
		if (info == null) return null;
		for (String line : info.split("\n")) {
			if (line.startsWith(id)) {
				int colon = line.indexOf(':');
				return colon < 0 ? null : line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	private static double[] numbers(String value, int count) {
		if (value == null) return null;
		String[] parts = value.split("\\\\");
		if (parts.length != count) return null;
		double[] out = new double[count];
		try {
			for (int i = 0; i < count; i++) out[i] = Double.parseDouble(parts[i].trim());
		} catch (NumberFormatException e) {
			return null;
		}
		return out;
	}

	private static boolean monotonic(double[] v) {
		boolean up = true, down = true;
		for (int i = 1; i < v.length; i++) {
			if (!(v[i] > v[i - 1])) up = false;
			if (!(v[i] < v[i - 1])) down = false;
		}
		return up || down;
	}

	private static boolean close(double[] a, double[] b, double tol) {
		for (int i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol) return false;
		return true;
	}

	private static double[] cross(double[] a, double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	private static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

	private static double[] sub(double[] a, double[] b) { return new double[] { a[0] - b[0], a[1] - b[1], a[2] - b[2] }; }
}
