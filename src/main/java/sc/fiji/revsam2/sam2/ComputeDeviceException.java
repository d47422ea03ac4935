package sc.fiji.revsam2.sam2;

/** The chosen device cannot be used (e.g. device=gpu without a usable GPU); the message says what is missing. */
public class ComputeDeviceException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public ComputeDeviceException(String message) {
		super(message);
	}
}
