package sc.fiji.revsam2.io;

import java.nio.file.Path;
import java.util.List;

import sc.fiji.revsam2.volume.Volume;

/**
 * A volume read by {@link VolumeReader}: the voxels, the geometry to write results with (the
 * NIfTI header itself for NIfTI input, one derived from the DICOM position and orientation for
 * a DICOM series, one from the voxel size otherwise), the format read, and warnings about what
 * the reader worked around.
 */
public record VolumeFile(Path source, String format, Volume volume, NiftiHeader geometry, List<String> warnings) {

	public VolumeFile {
		warnings = List.copyOf(warnings);
	}
}
