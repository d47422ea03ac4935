package sc.fiji.revsam2.fiji;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Volume;

/**
 * Supports from ROIs drawn on slices of the query image. Each ROI's slice is its Z position;
 * ROIs of one class on one slice are united. Classes come from ROI groups when any ROI has a
 * group (label = group number, name = the group's name if set), else from ROI names unless they
 * are ImageJ's automatic ones like {@code 0005-0123-0456} (labels 1..n in order of first
 * appearance; a ROI Manager duplicate suffix such as {@code liver-1} joins {@code liver}), else
 * all ROIs make class 1.
 */
public final class RoiSupports {

	/** ImageJ's automatic ROI names: numbers joined by dashes (slice-y-x, c-z-t-y-x, ...). */
	private static final Pattern AUTOMATIC_NAME = Pattern.compile("\\d+(-\\d+)+");
	private static final Pattern DUPLICATE_SUFFIX = Pattern.compile("(.+)-\\d+");

	private RoiSupports() {}

	/** The ROIs of the ROI Manager when it holds any, else those of the image's overlay; empty when neither has any. */
	public static Roi[] find(ImagePlus imp) {
		RoiManager rm = RoiManager.getInstance();
		if (rm != null && rm.getCount() > 0) return rm.getRoisAsArray();
		Overlay overlay = imp.getOverlay();
		return overlay == null ? new Roi[0] : overlay.toArray();
	}

	/** Where the ROIs of {@link #find} come from, for messages. */
	public static String sourceName() {
		RoiManager rm = RoiManager.getInstance();
		return rm != null && rm.getCount() > 0 ? "ROI Manager" : "overlay";
	}

	/**
	 * The classes drawn on {@code imp}, whose pixels are {@code volume} (the chosen channel and frame).
	 * @throws IllegalArgumentException naming the ROI at fault: no ROIs, a ROI that is not an area,
	 *         lies outside the image, has zero area or is on no existing slice
	 */
	public static List<ObjectClass> classes(ImagePlus imp, Volume volume, Roi[] rois) {
		if (rois == null || rois.length == 0) {
			throw new IllegalArgumentException("No support ROIs: outline the object on one or more slices and add each outline to the ROI Manager "
				+ "(press t), or choose the label image support source");
		}
		int w = volume.width(), h = volume.height();
		Naming naming = naming(rois);
		// class key -> (slice -> united mask), in order of first appearance
		Map<Integer, Map<Integer, boolean[]>> masks = new LinkedHashMap<>();
		Map<Integer, String> names = new LinkedHashMap<>();
		for (int i = 0; i < rois.length; i++) {
			Roi roi = rois[i];
			String what = describe(roi, i);
			if (!roi.isArea()) throw new IllegalArgumentException(what + " is a line or point selection; outline the object with an area selection");
			int z = slice(imp, roi, what);
			boolean[] m = rasterize(roi, w, h, what, z);
			int label = naming.label(roi, what);
			names.putIfAbsent(label, naming.name(roi));
			boolean[] united = masks.computeIfAbsent(label, k -> new TreeMap<>()).computeIfAbsent(z - 1, k -> new boolean[w * h]);
			for (int p = 0; p < m.length; p++) united[p] |= m[p];
		}
		List<ObjectClass> out = new ArrayList<>();
		for (Map.Entry<Integer, Map<Integer, boolean[]>> c : masks.entrySet()) {
			List<Support> supports = new ArrayList<>();
			for (Map.Entry<Integer, boolean[]> s : c.getValue().entrySet()) supports.add(new Support(volume, s.getKey(), new Mask2D(w, h, s.getValue())));
			out.add(new ObjectClass(c.getKey(), names.get(c.getKey()), supports));
		}
		return out;
	}

	/** The 1-based slice of a ROI on {@code imp}. */
	static int slice(ImagePlus imp, Roi roi, String what) {
		int z;
		if (roi.hasHyperStackPosition()) {
			z = roi.getZPosition();
		} else {
			int position = roi.getPosition();
			boolean hyper = imp.getNChannels() > 1 || imp.getNFrames() > 1;
			z = position > 0 && hyper && position <= imp.getStackSize() ? imp.convertIndexToPosition(position)[1] : position;
		}
		if (z <= 0) {
			throw new IllegalArgumentException(what + " is not tied to a slice: add it to the ROI Manager from the slice it outlines "
				+ "(ROI Manager > More > Options: 'Associate \"Show All\" ROIs with slices'), or set its position");
		}
		if (z > imp.getNSlices()) throw new IllegalArgumentException(what + " is on slice " + z + ", but the image has " + imp.getNSlices() + " slices");
		return z;
	}

	private static boolean[] rasterize(Roi roi, int w, int h, String what, int z) {
		Rectangle b = roi.getBounds();
		if (b.x >= w || b.y >= h || b.x + Math.max(1, b.width) <= 0 || b.y + Math.max(1, b.height) <= 0) {
			throw new IllegalArgumentException(what + " lies outside the image (" + w + "x" + h + ")");
		}
		ByteProcessor bp = new ByteProcessor(w, h);
		bp.setColor(255);
		bp.fill(roi);
		byte[] px = (byte[]) bp.getPixels();
		boolean[] m = new boolean[px.length];
		int n = 0;
		for (int p = 0; p < px.length; p++) if (px[p] != 0) { m[p] = true; n++; }
		if (n == 0) throw new IllegalArgumentException(what + " on slice " + z + " is empty (zero area)");
		return m;
	}

	private static String describe(Roi roi, int index) {
		String name = roi.getName();
		return "ROI " + (index + 1) + (name == null || name.isBlank() ? "" : " '" + name + "'");
	}

	private static boolean automatic(String name) {
		return name == null || name.isBlank() || AUTOMATIC_NAME.matcher(name.trim()).matches();
	}

	private static Naming naming(Roi[] rois) {
		boolean groups = false, names = false;
		for (Roi r : rois) {
			groups |= r.getGroup() > 0;
			names |= !automatic(r.getName());
		}
		if (groups) return new ByGroup();
		if (names) return new ByName(rois);
		return new Single();
	}

	private interface Naming {
		int label(Roi roi, String what);

		String name(Roi roi);
	}

	private static final class Single implements Naming {
		@Override
		public int label(Roi roi, String what) { return 1; }

		@Override
		public String name(Roi roi) { return "object"; }
	}

	private static final class ByGroup implements Naming {
		// a class's name is that of its first ROI
		@Override
		public int label(Roi roi, String what) {
			if (roi.getGroup() <= 0) {
				throw new IllegalArgumentException(what + " has no group while other ROIs have one: give every support ROI a group "
					+ "(ROI Manager > Properties), or none");
			}
			return roi.getGroup();
		}

		/** The group's name if set, else the ROI's own name without a slice suffix ("liver-12" is "liver"), else "group n". */
		@Override
		public String name(Roi roi) {
			String n = Roi.getGroupName(roi.getGroup());
			if (n != null && !n.isBlank()) return n;
			if (!automatic(roi.getName())) {
				var m = DUPLICATE_SUFFIX.matcher(roi.getName().trim());
				return m.matches() ? m.group(1) : roi.getName().trim();
			}
			return "group " + roi.getGroup();
		}
	}

	private static final class ByName implements Naming {
		private final Map<String, Integer> labels = new LinkedHashMap<>();
		private final java.util.Set<String> all = new java.util.HashSet<>();

		ByName(Roi[] rois) {
			for (Roi r : rois) if (r.getName() != null) all.add(r.getName().trim());
		}

		@Override
		public int label(Roi roi, String what) {
			if (automatic(roi.getName())) {
				throw new IllegalArgumentException(what + " has no name while other ROIs are named: rename it after its object "
					+ "(ROI Manager > Rename), or give every ROI a group");
			}
			return labels.computeIfAbsent(name(roi), k -> labels.size() + 1);
		}

		/** The ROI's name without a ROI Manager duplicate suffix ("liver-2" is "liver" when a ROI is named "liver"). */
		@Override
		public String name(Roi roi) {
			String n = roi.getName().trim();
			var m = DUPLICATE_SUFFIX.matcher(n);
			return m.matches() && all.contains(m.group(1)) ? m.group(1) : n;
		}
	}
}
