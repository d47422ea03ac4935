package sc.fiji.revsam2.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A volume file could not be read or written. The message is one line that names the file and
 * the problem, ready to show to a user, e.g.
 * {@code "query.nii.gz: file ends after 1,234,567 of 3,145,728 voxel bytes (truncated download?)"}.
 */
public class VolumeIOException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String problem;

	public VolumeIOException(Path file, String problem) {
		this(file, problem, null);
	}

	public VolumeIOException(Path file, String problem, Throwable cause) {
		super(name(file) + ": " + problem, cause);
		this.file = file;
		this.problem = problem;
	}

	/** The file (or folder) concerned. */
	public Path file() { return file; }

	/** The problem without the file name. */
	public String problem() { return problem; }

	private static String name(Path file) {
		if (file == null) return "(no file)";
		Path name = file.getFileName();
		return name == null ? file.toString() : name.toString();
	}
}
