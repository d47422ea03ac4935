package sc.fiji.revsam2.cli;

/** The exit codes of the command line, for batch systems and scripts (documented in {@code revsam2 --help}). */
public final class Exit {

	/** Everything worked. */
	public static final int OK = 0;
	/** A bug or an unexpected failure (out of memory, TensorFlow error...). */
	public static final int INTERNAL = 1;
	/** A bad or missing flag or argument: nothing was read or written. */
	public static final int USAGE = 2;
	/** An input file is missing, corrupt, unsupported, of the wrong size, or has no labels. */
	public static final int INPUT = 3;
	/** No model installed, or the model folder cannot be used. */
	public static final int MODEL = 4;
	/** Batch mode: some volumes failed (each one reported); the others were written. */
	public static final int BATCH_FAILED = 5;
	/** Cancelled (Ctrl-C, SIGINT or SIGTERM); no partial output was left. */
	public static final int CANCELLED = 130;

	private Exit() {}

	/** The exit-code table of the help texts. */
	static final String TABLE = """
		Exit codes:
		  0    success
		  1    internal error (a bug or an unexpected failure; rerun with --debug for details)
		  2    usage error: unknown, missing or bad flag or argument; output exists (use --overwrite)
		  3    input file problem: missing, corrupt, truncated, unsupported format or data type,
		       label volume of another size than its image, no labelled voxel (empty support set)
		  4    model problem: no model installed, unknown model name, unusable model folder
		  5    batch: some volumes failed (each is reported on stderr); the others were written
		  130  cancelled (Ctrl-C / SIGINT / SIGTERM); no partial output is left behind
		""";
}
