package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Path;

/** A model folder that cannot be used, with the reason in words a user can act on. */
public class ModelFolderException extends IOException {

	private static final long serialVersionUID = 1L;

	public ModelFolderException(Path folder, String problem) {
		super("Model folder " + folder + " " + problem);
	}

	public ModelFolderException(String message, Throwable cause) {
		super(message, cause);
	}
}
