package sc.fiji.revsam2.sam2;

/** RevSAM2's TensorFlow engine cannot be found or loaded (an incomplete installation); the message says what to do. */
public class EngineUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public EngineUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
