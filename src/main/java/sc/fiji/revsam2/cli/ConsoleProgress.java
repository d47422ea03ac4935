package sc.fiji.revsam2.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import sc.fiji.revsam2.task.TaskMonitor;

/**
 * Progress on stderr. For logs (stderr not a terminal): one line when a stage starts and one each
 * time another 10 % is done, e.g. {@code [ 40%] liver: reverse propagation (12.3 s)}; stages that
 * alternate slice by slice (forward and reverse propagation) get their line once. On a terminal
 * the current line is updated in place. Cancellation comes from a flag the signal handler sets.
 */
final class ConsoleProgress implements TaskMonitor {

	private final PrintStream err;
	private final BooleanSupplier cancelled;
	private final boolean tty, quiet;
	private final long t0 = System.nanoTime();
	private String prefix = "";
	private final java.util.Set<String> seen = new java.util.HashSet<>();
	private int lastStep = -1;
	private boolean lineOpen;
	private long lastPaint;

	ConsoleProgress(PrintStream err, BooleanSupplier cancelled, boolean tty, boolean quiet) {
		this.err = err;
		this.cancelled = cancelled;
		this.tty = tty;
		this.quiet = quiet;
	}

	/** Put in front of each line, e.g. "[2/5 patient01] " in batch mode. */
	void prefix(String p) {
		this.prefix = p == null ? "" : p;
		lastStep = -1;
		seen.clear();
	}

	@Override
	public synchronized void progress(String stage, double fraction) {
		if (quiet) return;
		int pct = (int) Math.floor(100 * Math.max(0, Math.min(1, fraction)));
		boolean newStage = seen.add(stage);
		if (tty) {
			long now = System.nanoTime();
			if (!newStage && now - lastPaint < 100_000_000L && pct < 100) return;
			lastPaint = now;
			if (newStage && lineOpen) err.print(System.lineSeparator());
			err.print("\r" + line(stage, pct) + "   ");
			err.flush();
			lineOpen = true;
		} else {
			int step = pct / 10;
			if (!newStage && step <= lastStep) return;
			lastStep = step;
			err.println(line(stage, pct));
		}
	}

	/** A line without a percentage, e.g. "reading query.nii.gz". */
	synchronized void note(String message) {
		if (quiet) return;
		endLine();
		err.println(String.format(Locale.ROOT, "%s%s (%.1f s)", prefix, message, elapsed()));
	}

	/** A warning: printed even when quiet. */
	synchronized void warn(String message) {
		endLine();
		err.println(prefix + "warning: " + CliException.oneLine(message));
	}

	/** Ends an in-place line before other output. */
	synchronized void endLine() {
		if (lineOpen) {
			err.println();
			lineOpen = false;
		}
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean();
	}

	private String line(String stage, int pct) {
		return String.format(Locale.ROOT, "%s[%3d%%] %s (%.1f s)", prefix, pct, stage, elapsed());
	}

	private double elapsed() {
		return (System.nanoTime() - t0) / 1e9;
	}
}
