package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;

import ij.IJ;
import sc.fiji.revsam2.task.TaskMonitor;

/**
 * Progress in Fiji's status line and progress bar (ImageJ 1.x, and SciJava's status service
 * when there is a GUI), and cancellation by Esc, by interrupting the thread or by cancelling the
 * module. Updates are throttled to ten per second.
 */
public final class FijiTaskMonitor implements TaskMonitor {

	private static final long MIN_INTERVAL_NANOS = 100_000_000L;

	private final String name;
	private final StatusService status;
	private final BooleanSupplier cancelled;
	private long last = Long.MIN_VALUE;

	/**
	 * @param name prefix of status messages (e.g. "RevSAM2")
	 * @param status SciJava's status service, or null
	 * @param cancelled true once the caller's module was cancelled (may be null)
	 */
	public FijiTaskMonitor(String name, StatusService status, BooleanSupplier cancelled) {
		this.name = name;
		this.status = GraphicsEnvironment.isHeadless() ? null : status;
		this.cancelled = cancelled == null ? () -> false : cancelled;
		IJ.resetEscape();
	}

	@Override
	public void progress(String stage, double fraction) {
		long now = System.nanoTime();
		if (fraction < 1 && last != Long.MIN_VALUE && now - last < MIN_INTERVAL_NANOS) return;
		last = now;
		String message = name + ": " + stage;
		double f = Math.max(0, Math.min(1, fraction));
		IJ.showStatus(message);
		IJ.showProgress(f);
		if (status != null) status.showStatus((int) Math.round(f * 1000), 1000, message);
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed() || Thread.currentThread().isInterrupted() || cancelled.getAsBoolean();
	}

	/** Clears the progress bar and status line. */
	public void done(String message) {
		IJ.showProgress(1.0);
		IJ.showStatus(message == null ? "" : message);
		if (status != null) status.clearStatus();
	}
}
