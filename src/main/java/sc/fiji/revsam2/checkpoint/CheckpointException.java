package sc.fiji.revsam2.checkpoint;

import java.io.IOException;

/**
 * A checkpoint or array file that cannot be read: not the expected format, truncated,
 * corrupted, or asking for something the reader refuses to do. The message names the file.
 */
public class CheckpointException extends IOException {

	private static final long serialVersionUID = 1L;

	public CheckpointException(String message) {
		super(message);
	}

	public CheckpointException(String message, Throwable cause) {
		super(message, cause);
	}
}
