package sc.fiji.revsam2.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/**
 * Reads NIfTI-1 and NIfTI-2 files: {@code .nii}, {@code .nii.gz} and {@code .hdr/.img} pairs,
 * either byte order, the scalar data types. The file is streamed: only the header and the first
 * 3D volume are read, slice by slice, and never more bytes than the header declares. Every
 * problem is a {@link VolumeIOException} with one line naming the file.
 */
public final class NiftiReader {

	private static final int CHUNK = 1 << 16;
	private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private NiftiReader() {}

	/** Reads the header and the first 3D volume (the voxels as floats, scaled by scl_slope/scl_inter). */
	public static NiftiImage read(Path file) throws VolumeIOException {
		return new Reading(file).read(true);
	}

	/** Reads the header only. Unsupported data types are not an error here. */
	public static NiftiHeader readHeader(Path file) throws VolumeIOException {
		return new Reading(file).read(false).header();
	}

	/**
	 * Reads a label file: the first volume as labels (voxels must be whole numbers 0..65535 after
	 * scaling).
	 */
	public static LabelVolume readLabels(Path file) throws VolumeIOException {
		NiftiImage image = read(file);
		try {
			return LabelVolumes.fromVolume(image.volume());
		} catch (IllegalArgumentException e) {
			throw new VolumeIOException(file, e.getMessage());
		}
	}

	/** Whether the name ends like a NIfTI file: .nii, .nii.gz, .hdr(.gz), .img(.gz). */
	public static boolean isNiftiName(Path file) {
		String n = lowerName(file);
		return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".hdr") || n.endsWith(".hdr.gz") || n.endsWith(".img") || n.endsWith(".img.gz");
	}

	static String lowerName(Path file) {
		Path n = file.getFileName();
		return n == null ? "" : n.toString().toLowerCase(Locale.ROOT);
	}

	static String bytes(long n) { return String.format(Locale.ROOT, "%,d", n); }

	/** One read of one file; holds what the error messages need. */
	private static final class Reading {

		private final Path file;
		private final List<String> warnings = new ArrayList<>();

		Reading(Path file) { this.file = file; }

		private VolumeIOException fail(String problem) { return new VolumeIOException(file, problem); }

		NiftiImage read(boolean withData) throws VolumeIOException {
			Path headerFile = file;
			String name = lowerName(file);
			if (name.endsWith(".img") || name.endsWith(".img.gz")) headerFile = sibling(file, ".hdr");
			checkReadable(headerFile);
			NiftiHeader header;
			long consumed;
			Path dataFile;
			Counted in = open(headerFile);
			try {
				header = readHeader(in);
				consumed = header.version().headerSize();
				if (!withData) return new NiftiImage(header, Volume.zeros(1, 1, 1, null), warnings);
				if (!header.dataType().isSupported()) {
					throw fail("unsupported data type " + header.dataType().typeName() + " (code " + header.dataType().code()
							+ "); only scalar images can be read (convert RGB or complex images to one channel first)");
				}
				if (header.pairedFiles()) {
					dataFile = sibling(headerFile, ".img");
					checkReadable(dataFile);
					in.close();
					in = open(dataFile);
					consumed = 0;
				} else {
					dataFile = headerFile;
				}
				Volume volume = readVolume(in, header, consumed, dataFile);
				return new NiftiImage(header, volume, warnings);
			} catch (IOException e) {
				throw translate(e, in);
			} finally {
				try {
					in.close();
				} catch (IOException ignored) {
					// nothing was written; a failing close cannot lose data
				}
			}
		}

		private void checkReadable(Path f) throws VolumeIOException {
			if (Files.isDirectory(f)) throw new VolumeIOException(f, "is a folder, not a NIfTI file");
			if (!Files.exists(f)) throw new VolumeIOException(f, "no such file");
			if (!Files.isReadable(f)) throw new VolumeIOException(f, "permission denied");
		}

		/** The {@code .hdr} or {@code .img} next to {@code f}, compressed or not, preferring one that exists. */
		private Path sibling(Path f, String ext) throws VolumeIOException {
			String n = f.getFileName().toString();
			String base = n.replaceFirst("(?i)\\.(nii|hdr|img)(\\.gz)?$", "");
			Path plain = f.resolveSibling(base + ext), gz = f.resolveSibling(base + ext + ".gz");
			if (Files.exists(plain)) return plain;
			if (Files.exists(gz)) return gz;
			if (ext.equals(".img")) throw fail("the header says the voxels are in a separate file, but " + plain.getFileName() + " was not found next to it");
			return plain;
		}

		private Counted open(Path f) throws VolumeIOException {
			InputStream raw = null;
			try {
				raw = new BufferedInputStream(Files.newInputStream(f), CHUNK);
				// Decide by content, not by name: some tools write gzip data to .nii or plain data to .nii.gz.
				raw.mark(2);
				int b0 = raw.read(), b1 = raw.read();
				raw.reset();
				boolean gzip = b0 == 0x1f && b1 == 0x8b;
				if (!gzip) return new Counted(raw, false, Files.size(f));
				try {
					return new Counted(new GZIPInputStream(raw, CHUNK), true, -1);
				} catch (EOFException e) {
					throw new VolumeIOException(f, "file ends inside the gzip header (truncated download?)");
				} catch (ZipException e) {
					throw new VolumeIOException(f, "corrupt gzip data (" + e.getMessage() + ")");
				}
			} catch (NoSuchFileException e) {
				throw new VolumeIOException(f, "no such file");
			} catch (AccessDeniedException e) {
				throw new VolumeIOException(f, "permission denied");
			} catch (VolumeIOException e) {
				closeQuietly(raw);
				throw e;
			} catch (IOException e) {
				closeQuietly(raw);
				throw new VolumeIOException(f, "cannot read: " + e.getMessage(), e);
			}
		}

		private NiftiHeader readHeader(Counted in) throws IOException {
			byte[] first = new byte[4];
			int n = in.readFully(first, 0, 4);
			if (n == 0) throw fail("file is empty");
			if (n < 4) throw fail("file is only " + n + " bytes long; not a NIfTI file");
			NiftiHeaderCodec.Kind kind = NiftiHeaderCodec.detect(first);
			if (kind == null) {
				throw fail("not a NIfTI file (header size field is " + NiftiHeaderCodec.sizeField(first) + ", expected 348 for NIfTI-1 or 540 for NIfTI-2)");
			}
			int size = kind.version().headerSize();
			byte[] bytes = new byte[size];
			System.arraycopy(first, 0, bytes, 0, 4);
			n = in.readFully(bytes, 4, size - 4);
			if (n < size - 4) throw fail("file ends after " + (4 + n) + " of the " + size + " header bytes (truncated download?)");
			try {
				NiftiHeaderCodec.Decoded d = NiftiHeaderCodec.decode(bytes, kind);
				warnings.addAll(d.warnings());
				return d.header();
			} catch (NiftiHeaderCodec.BadHeaderException e) {
				throw fail(e.getMessage());
			}
		}

		private Volume readVolume(Counted in, NiftiHeader h, long consumed, Path dataFile) throws IOException {
			long nx = h.nx(), ny = h.ny(), nz = h.nz();
			NiftiDataType type = h.dataType();
			int bpv = type.bytesPerVoxel();
			// each size is checked first so that the products below cannot overflow
			if (nx > MAX_ARRAY || ny > MAX_ARRAY || nz > MAX_ARRAY || nx * ny > MAX_ARRAY / bpv) {
				throw fail("image of " + LabelVolumes.size(nx, ny, nz) + " voxels is too large (a slice must hold fewer than 2^31 bytes)");
			}
			// one float[] per slice: a long thin volume costs far more than 4 bytes per voxel
			MemoryEstimate.require(file, MemoryEstimate.floatVolume(nx, ny, nz), "the " + LabelVolumes.size(nx, ny, nz) + " volume as floats");
			long voxelBytes;
			try {
				voxelBytes = Math.multiplyExact(nx * ny * bpv, nz);
			} catch (ArithmeticException e) {
				throw fail("image of " + LabelVolumes.size(nx, ny, nz) + " voxels is too large");
			}
			if (h.volumeCount() > 1) {
				StringBuilder dims = new StringBuilder();
				for (int i = 1; i <= h.rank(); i++) dims.append(i > 1 ? "x" : "").append(h.dim(i));
				warnings.add("file has " + h.volumeCount() + " volumes (" + dims + "); read the first only");
			}
			for (int axis = 1; axis <= 3; axis++) {
				if (h.badVoxelSize(axis)) warnings.add("pixdim[" + axis + "] is " + h.pixdim(axis) + "; voxel size 1 used along " + "xyz".charAt(axis - 1));
			}
			if (in.plainSize() >= 0 && in.plainSize() - h.voxOffset() < voxelBytes) {
				// a plain file's size is known: say so now rather than allocate and read in vain
				long have = Math.max(0, in.plainSize() - h.voxOffset());
				throw new VolumeIOException(dataFile, truncated(have, voxelBytes));
			}
			// skip the extensions (NIfTI-1/2 "extension" blocks) up to vox_offset
			long skip = h.voxOffset() - consumed;
			if (skip > 0 && in.skipFully(skip) < skip) {
				throw new VolumeIOException(dataFile, "file ends after " + bytes(in.count()) + " bytes, before the voxel data that starts at byte " + bytes(h.voxOffset()) + " (truncated download?)");
			}
			int width = (int) nx, height = (int) ny, depth = (int) nz;
			int sliceVoxels = width * height;
			boolean scaled = h.hasScaling();
			double slope = h.effectiveSlope(), inter = h.effectiveInter();
			float[][] slices = new float[depth][];
			int chunkVoxels = Math.max(1, Math.min(sliceVoxels, CHUNK * 4 / bpv));
			byte[] buffer = new byte[chunkVoxels * bpv];
			ByteBuffer bb = ByteBuffer.wrap(buffer).order(h.byteOrder());
			long done = 0;
			for (int z = 0; z < depth; z++) {
				if (Thread.currentThread().isInterrupted()) throw new VolumeIOException(dataFile, "reading was interrupted");
				// allocated only once its bytes arrive, so a header that lies about the size costs no memory
				float[] slice = new float[sliceVoxels];
				for (int off = 0; off < sliceVoxels; off += chunkVoxels) {
					int n = Math.min(chunkVoxels, sliceVoxels - off);
					int got;
					try {
						got = in.readFully(buffer, 0, n * bpv);
					} catch (EOFException e) {
						throw new VolumeIOException(dataFile, truncated(done + in.lastPartial(), voxelBytes));
					} catch (ZipException e) {
						throw new VolumeIOException(dataFile, "corrupt gzip data after " + bytes(done + in.lastPartial()) + " of " + bytes(voxelBytes) + " voxel bytes (" + e.getMessage() + ")");
					}
					if (got < n * bpv) throw new VolumeIOException(dataFile, truncated(done + got, voxelBytes));
					done += got;
					decode(bb, type, slice, off, n, scaled, slope, inter);
				}
				slices[z] = slice;
			}
			if (in.gzip() && h.volumeCount() == 1) checkGzipEnd(in, dataFile);
			return new Volume(width, height, slices, h.spacing());
		}

		/** Reads past the data so that the gzip trailer (CRC, length) is checked. */
		private void checkGzipEnd(Counted in, Path dataFile) throws VolumeIOException {
			try {
				in.skipFully(CHUNK);
			} catch (ZipException e) {
				throw new VolumeIOException(dataFile, "corrupt gzip data: the checksum does not match (" + e.getMessage() + ")");
			} catch (EOFException e) {
				warnings.add("the gzip stream ends without its trailer; the voxel data is complete but the file may be damaged");
			} catch (IOException e) {
				throw new VolumeIOException(dataFile, "cannot read: " + e.getMessage(), e);
			}
		}

		private static String truncated(long have, long need) {
			return "file ends after " + bytes(have) + " of " + bytes(need) + " voxel bytes (truncated download?)";
		}

		private VolumeIOException translate(IOException e, Counted in) {
			if (e instanceof VolumeIOException) return (VolumeIOException) e;
			if (e instanceof ClosedByInterruptException) return fail("reading was interrupted");
			if (e instanceof EOFException) return fail("file ends after " + bytes(in.count()) + " bytes (truncated download?)");
			if (e instanceof ZipException) return fail("corrupt gzip data (" + e.getMessage() + ")");
			return new VolumeIOException(file, "cannot read: " + e.getMessage(), e);
		}
	}

	/** Converts n voxels from the buffer to floats, applying the scaling. */
	private static void decode(ByteBuffer b, NiftiDataType type, float[] dst, int off, int n, boolean scaled, double slope, double inter) {
		b.clear();
		if (type == NiftiDataType.FLOAT32 && !scaled) {
			b.asFloatBuffer().get(dst, off, n);
			return;
		}
		for (int i = 0; i < n; i++) {
			double v;
			switch (type) {
				case UINT8: v = b.get() & 0xff; break;
				case INT8: v = b.get(); break;
				case INT16: v = b.getShort(); break;
				case UINT16: v = b.getShort() & 0xffff; break;
				case INT32: v = b.getInt(); break;
				case UINT32: v = b.getInt() & 0xffffffffL; break;
				case INT64: v = b.getLong(); break;
				case UINT64: {
					long l = b.getLong();
					v = (double) (l >>> 1) * 2 + (l & 1);
					break;
				}
				case FLOAT32: v = b.getFloat(); break;
				case FLOAT64: v = b.getDouble(); break;
				default: throw new IllegalStateException("unsupported type " + type);
			}
			dst[off + i] = (float) (scaled ? v * slope + inter : v);
		}
	}

	private static void closeQuietly(InputStream in) {
		if (in == null) return;
		try {
			in.close();
		} catch (IOException ignored) {
			// only reading
		}
	}

	/** An input stream that counts what it delivered, so that messages can say where a file ends. */
	private static final class Counted implements AutoCloseable {

		private final InputStream in;
		private final boolean gzip;
		private final long plainSize;
		private long count;
		private int lastPartial;

		Counted(InputStream in, boolean gzip, long plainSize) {
			this.in = in;
			this.gzip = gzip;
			this.plainSize = plainSize;
		}

		boolean gzip() { return gzip; }

		/** Size of an uncompressed file, -1 for gzip. */
		long plainSize() { return plainSize; }

		long count() { return count; }

		/** Bytes delivered by the readFully that threw. */
		int lastPartial() { return lastPartial; }

		/** Reads up to len bytes, fewer only at the end of the stream; returns how many. */
		int readFully(byte[] b, int off, int len) throws IOException {
			int n = 0;
			lastPartial = 0;
			while (n < len) {
				int r = in.read(b, off + n, len - n);
				if (r < 0) break;
				n += r;
				count += r;
				lastPartial = n;
			}
			return n;
		}

		/** Skips up to n bytes, fewer only at the end of the stream; returns how many. */
		long skipFully(long n) throws IOException {
			byte[] scratch = new byte[(int) Math.min(n, CHUNK)];
			long left = n;
			while (left > 0) {
				int r = readFully(scratch, 0, (int) Math.min(left, scratch.length));
				left -= r;
				if (r < Math.min(left + r, scratch.length)) break;
			}
			return n - left;
		}

		@Override
		public void close() throws IOException { in.close(); }
	}
}
