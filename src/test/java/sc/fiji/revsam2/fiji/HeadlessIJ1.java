package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;

import ij.IJ;
import ij.Menus;

/**
 * Stands in for headless Fiji in tests: ImageJ 1.x cannot build its menus headless (Fiji patches
 * that), so the commands of plugins.config are entered into ImageJ's command table directly and
 * macros then run as in {@code ImageJ-linux64 --headless --console -macro <file> <argument>}.
 */
public final class HeadlessIJ1 {

	private HeadlessIJ1() {}

	/** Registers the plugins.config commands with ImageJ 1.x (once). */
	@SuppressWarnings("unchecked")
	public static synchronized void installCommands() {
		try {
			Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			Hashtable<String, String> table = (Hashtable<String, String>) f.get(null);
			if (table == null) {
				table = new Hashtable<>();
				f.set(null, table);
			}
			String config;
			try (InputStream in = HeadlessIJ1.class.getResourceAsStream("/plugins.config")) {
				config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			for (String line : config.lines().toList()) {
				if (line.isBlank() || line.startsWith("#")) continue;
				int q1 = line.indexOf('"'), q2 = line.indexOf('"', q1 + 1);
				table.put(line.substring(q1 + 1, q2), line.substring(line.lastIndexOf(',') + 1).trim());
			}
		} catch (ReflectiveOperationException | IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Runs a macro file with an argument; returns what the macro returned ("[aborted]" when it was). */
	public static String runMacro(String file, String argument) {
		installCommands();
		return IJ.runMacroFile(file, argument);
	}

	/** {@code --headless --console -macro <file> [<argument>]}, like Fiji's launcher. */
	public static void main(String[] args) {
		String file = null, argument = "";
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("-macro") && i + 1 < args.length) {
				file = args[++i];
				if (i + 1 < args.length) argument = args[++i];
			}
		}
		if (file == null) throw new IllegalArgumentException("usage: --headless --console -macro <file> [<argument>]");
		runMacro(file, argument);
		System.exit(0);
	}
}
