package sc.fiji.revsam2.ij1;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1.x menu entries of plugins.config point here, with the real plug-in's class as
 * argument. Compiled for Java 8 (src/main/java8), so that a Fiji still running Java 8 shows why
 * RevSAM2 does not run instead of an UnsupportedClassVersionError; on Java 17 or newer it runs
 * the plug-in (macro options included: same thread).
 */
public class Java17Gate implements PlugIn {

	public static final int NEEDED = 17;

	@Override
	public void run(String pluginClass) {
		String problem = problem(System.getProperty("java.version"));
		if (problem != null) {
			if (java.awt.GraphicsEnvironment.isHeadless()) IJ.log(problem);
			else IJ.error("RevSAM2", problem);
			ij.Macro.abort(); // a macro calling RevSAM2 stops here rather than going on without its result
			return;
		}
		IJ.runPlugIn(pluginClass, "");
	}

	/** Why RevSAM2 cannot run on this Java ("1.8.0_292", "11.0.2", "21.0.7"), or null when it can. */
	public static String problem(String javaVersion) {
		int major = major(javaVersion);
		if (major >= NEEDED) return null;
		return "RevSAM2 needs Java " + NEEDED + " or newer, but this Fiji runs Java " + javaVersion + ".\n"
			+ "Install Fiji Latest from https://fiji.sc (it ships Java 21) and unzip RevSAM2 into it.";
	}

	static int major(String v) {
		if (v == null) return 0;
		String s = v.startsWith("1.") ? v.substring(2) : v;
		int end = 0;
		while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
		return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
	}
}
