package sc.fiji.revsam2.io;

/** NIfTI-1 (348-byte header, 16-bit dims, float fields) or NIfTI-2 (540-byte header, 64-bit dims, double fields). */
public enum NiftiVersion {
	NIFTI1(348, 352, "n+1"),
	NIFTI2(540, 544, "n+2");

	private final int headerSize;
	private final int dataOffset;
	private final String magic;

	NiftiVersion(int headerSize, int dataOffset, String magic) {
		this.headerSize = headerSize;
		this.dataOffset = dataOffset;
		this.magic = magic;
	}

	/** The value of {@code sizeof_hdr}. */
	public int headerSize() { return headerSize; }

	/** Where our writer puts the voxels in a single {@code .nii} file: after the header and the 4 extension-flag bytes. */
	public int dataOffset() { return dataOffset; }

	/** The magic string of a single-file {@code .nii} ("n+1" or "n+2", NUL-terminated in the file). */
	public String magic() { return magic; }

	/** The largest size along one axis: NIfTI-1 stores dims as signed 16-bit. */
	public long maxDim() { return this == NIFTI1 ? Short.MAX_VALUE : Long.MAX_VALUE; }
}
