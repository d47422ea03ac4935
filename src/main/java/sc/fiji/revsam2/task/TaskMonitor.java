package sc.fiji.revsam2.task;

/**
 * Progress reporting and cancellation for long work, shared by the core, the Fiji commands
 * (status bar, progress bar, Esc/cancel) and the command line (stderr, signals).
 * Implementations must be cheap: the core calls them between model calls.
 */
public interface TaskMonitor {

	/** A monitor that reports nothing and is never cancelled. */
	TaskMonitor NONE = new TaskMonitor() {
		@Override
		public void progress(String stage, double fraction) {}

		@Override
		public boolean isCancelled() { return false; }
	};

	/** Work is in {@code stage} (a short phrase), {@code fraction} (0..1) of the whole run done. */
	void progress(String stage, double fraction);

	/** True once the user asked to stop. */
	boolean isCancelled();

	/** Throws {@link CancelledException} when cancelled; call between units of work. */
	default void checkCancelled() {
		if (isCancelled() || Thread.currentThread().isInterrupted()) throw new CancelledException();
	}

	/** A monitor for a part of the work: fractions 0..1 of the part map to from..to of this one. */
	default TaskMonitor part(double from, double to) {
		TaskMonitor parent = this;
		return new TaskMonitor() {
			@Override
			public void progress(String stage, double fraction) {
				parent.progress(stage, from + (to - from) * Math.max(0, Math.min(1, fraction)));
			}

			@Override
			public boolean isCancelled() { return parent.isCancelled(); }
		};
	}
}
