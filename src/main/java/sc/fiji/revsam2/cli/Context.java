package sc.fiji.revsam2.cli;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

import sc.fiji.revsam2.task.CancelledException;

/** What a command runs with: stdout for results, stderr for progress and warnings, the cancel flag. */
final class Context {

	final PrintStream out;
	final PrintStream err;
	final ConsoleProgress progress;
	final boolean debug;
	private final BooleanSupplier cancelled;

	Context(PrintStream out, PrintStream err, boolean tty, boolean quiet, boolean debug, BooleanSupplier cancelled) {
		this.out = out;
		this.err = err;
		this.debug = debug;
		this.cancelled = cancelled;
		this.progress = new ConsoleProgress(err, cancelled, tty, quiet);
	}

	boolean isCancelled() {
		return cancelled.getAsBoolean();
	}

	void checkCancelled() {
		if (isCancelled()) throw new CancelledException();
	}
}
