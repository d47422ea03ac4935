package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.Macro;
import ij.gui.GenericDialog;

/**
 * A dialog of the ImageJ 1.x kind whose fields are macro keys, declared in order, then read
 * together as a map from key to value: in a GenericDialog, which keys a field by the first word of its
 * label, lower-cased (every label starts with its key, so macros read the same as the SciJava
 * command's); headless, read from the macro options by key (absent keys keep their defaults).
 */
final class MacroDialog {
	private final GenericDialog gd;
	private final String options;
	private final Map<String, Object> values = new LinkedHashMap<>();
	private final List<String> kinds = new ArrayList<>();

	/** A dialog with this title; headless (where ImageJ 1.x cannot build one), the current macro options. */
	MacroDialog(String title) {
		this.gd = GraphicsEnvironment.isHeadless() ? null : new GenericDialog(title);
		this.options = Macro.getOptions();
	}

	void number(String key, String label, double def) {
		add(key, "number", def);
		if (gd != null) gd.addNumericField(label, def, 0);
	}

	void choice(String key, String label, String[] items, String def) {
		add(key, "choice", def);
		if (gd != null) gd.addChoice(label, items, def);
	}

	void string(String key, String label, String def) {
		add(key, "string", def);
		if (gd != null) gd.addStringField(label, def, 24);
	}

	void flag(String key, String label, boolean def) {
		add(key, "flag", def);
		if (gd != null) gd.addCheckbox(label, def);
	}

	void message(String text) {
		if (gd != null) gd.addMessage(text);
	}

	private void add(String key, String kind, Object def) {
		values.put(key, def);
		kinds.add(kind);
	}

	/** The values by key; null if the dialog was cancelled. */
	Map<String, Object> read() {
		if (gd == null) {
			if (options == null) throw new IllegalArgumentException(SegmentVolumePlugIn.COMMAND + " runs headless only from a macro with its options");
			for (Map.Entry<String, Object> e : values.entrySet()) {
				String key = e.getKey();
				if (e.getValue() instanceof Boolean) e.setValue((" " + options + " ").matches("(?s).*\\s" + key + "\\s.*"));
				else e.setValue(Macro.getValue(options, key, e.getValue().toString()));
			}
			return values;
		}
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		int i = 0;
		for (Map.Entry<String, Object> e : values.entrySet()) {
			switch (kinds.get(i++)) {
				case "number" -> {
					double v = gd.getNextNumber();
					if (gd.invalidNumber()) throw new IllegalArgumentException(e.getKey() + ": not a number");
					e.setValue(v);
				}
				case "choice" -> e.setValue(gd.getNextChoice());
				case "string" -> e.setValue(gd.getNextString());
				default -> e.setValue(gd.getNextBoolean());
			}
		}
		return values;
	}
}
