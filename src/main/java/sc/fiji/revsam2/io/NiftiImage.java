package sc.fiji.revsam2.io;

import java.util.List;

import sc.fiji.revsam2.volume.Volume;

/**
 * A NIfTI file as read: its header (geometry, data type, scaling) and its first 3D volume as
 * floats, with {@code scl_slope}/{@code scl_inter} applied. {@code warnings} says what the reader
 * noticed but could work around, e.g. "file has 3 volumes ...; read the first only".
 */
public record NiftiImage(NiftiHeader header, Volume volume, List<String> warnings) {

	public NiftiImage {
		warnings = List.copyOf(warnings);
	}
}
