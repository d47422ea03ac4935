package sc.fiji.revsam2.task;

/** Thrown when the user cancelled a run; nothing it would have produced is kept. */
public class CancelledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CancelledException() {
		super("cancelled by the user");
	}
}
