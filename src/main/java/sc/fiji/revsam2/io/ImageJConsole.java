package sc.fiji.revsam2.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import ij.IJ;

/**
 * Keeps ImageJ's own console lines (its readers' IJ.log and IJ.error, e.g. "DICOM Reader: Unable
 * to decode DICOM header.", which go to System.out without a GUI) out of the command line's
 * output, so that the caller can put them into its own message or warning and -q stays quiet.
 * With ImageJ's GUI running they go to its Log window as usual.
 */
final class ImageJConsole {

	/** What a read returned and what ImageJ printed meanwhile (trimmed, "" when nothing). */
	record Captured<T>(T value, String printed) {}

	private ImageJConsole() {}

	static synchronized <T> Captured<T> capture(Supplier<T> read) {
		if (IJ.getInstance() != null) return new Captured<>(read.get(), "");
		PrintStream out = System.out, err = System.err;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		PrintStream sink = new PrintStream(buffer, true, StandardCharsets.UTF_8);
		System.setOut(sink);
		System.setErr(sink);
		T value;
		try {
			value = read.get();
		} finally {
			System.setOut(out);
			System.setErr(err);
		}
		return new Captured<>(value, oneLine(buffer.toString(StandardCharsets.UTF_8)));
	}

	private static String oneLine(String s) {
		s = s.strip().replaceAll("\\s*\\R\\s*", "; ");
		return s.length() > 300 ? s.substring(0, 300) + "..." : s;
	}
}
