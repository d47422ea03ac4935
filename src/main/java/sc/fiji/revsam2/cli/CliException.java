package sc.fiji.revsam2.cli;

/**
 * Ends a command with an exit code ({@link Exit}) and a one-line message for stderr, e.g.
 * {@code "query.nii.gz: no such file"}.
 */
public class CliException extends Exception {

	private static final long serialVersionUID = 1L;

	private final int exitCode;

	public CliException(int exitCode, String message) {
		this(exitCode, message, null);
	}

	public CliException(int exitCode, String message, Throwable cause) {
		super(oneLine(message), cause);
		this.exitCode = exitCode;
	}

	public int exitCode() { return exitCode; }

	/** A usage error (exit code 2). */
	public static CliException usage(String message) {
		return new CliException(Exit.USAGE, message);
	}

	/** An input file problem (exit code 3). */
	public static CliException input(String message) {
		return new CliException(Exit.INPUT, message);
	}

	/** An input file problem (exit code 3). */
	public static CliException input(String message, Throwable cause) {
		return new CliException(Exit.INPUT, message, cause);
	}

	/** A model problem (exit code 4). */
	public static CliException model(String message, Throwable cause) {
		return new CliException(Exit.MODEL, message, cause);
	}

	/** Messages go to logs line by line: line breaks become spaces. */
	static String oneLine(String s) {
		return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
	}
}
