package sc.fiji.revsam2.fiji;

import java.util.Locale;

/** Where the labelled support slices come from. */
public enum SupportMode {
	/** ROIs drawn on slices of the query: the ROI Manager, else the image's overlay. */
	ROIS("ROIs"),
	/** A label image of the query's size: its non-empty slices are the supports. */
	LABEL_IMAGE("label image"),
	/** Another image (an atlas, another patient) and its label image. */
	OTHER_IMAGE("other image + labels");

	private final String label;

	SupportMode(String label) { this.label = label; }

	/** The dialog choice and macro value. */
	public String label() { return label; }

	public static String[] choices() {
		SupportMode[] v = values();
		String[] c = new String[v.length];
		for (int i = 0; i < v.length; i++) c[i] = v[i].label;
		return c;
	}

	/** Accepts the choice text or a short form (rois, label, labels, other, atlas), any case. */
	public static SupportMode parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.startsWith("roi")) return ROIS;
		if (t.startsWith("label")) return LABEL_IMAGE;
		if (t.startsWith("other") || t.startsWith("atlas")) return OTHER_IMAGE;
		throw new IllegalArgumentException("unknown support source '" + s + "': use 'ROIs', 'label image' or 'other image + labels'");
	}
}
