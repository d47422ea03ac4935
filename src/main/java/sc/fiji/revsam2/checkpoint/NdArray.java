package sc.fiji.revsam2.checkpoint;

import java.util.Arrays;

/**
 * A dense n-dimensional array in row-major (C) order, held as float32.
 * Checkpoint tensors of any floating type and small integer arrays from .npy files
 * are converted to float on reading; {@link #dtype()} keeps the name of the stored type.
 */
public final class NdArray {

	private final long[] shape;
	private final float[] data;
	private final String dtype;

	public NdArray(long[] shape, float[] data, String dtype) {
		long n = numElements(shape);
		if (n != data.length) {
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
		}
		this.shape = shape.clone();
		this.data = data;
		this.dtype = dtype;
	}

	public NdArray(long[] shape, float[] data) {
		this(shape, data, "float32");
	}

	public static long numElements(long[] shape) {
		long n = 1;
		for (long d : shape) n *= d;
		return n;
	}

	public long[] shape() { return shape.clone(); }

	public int rank() { return shape.length; }

	public long dim(int i) { return shape[i < 0 ? shape.length + i : i]; }

	/** The backing values (not a copy). */
	public float[] data() { return data; }

	public String dtype() { return dtype; }

	public long size() { return data.length; }

	public float get(int... index) {
		if (index.length != shape.length) throw new IllegalArgumentException("rank " + shape.length + " array indexed with " + index.length + " indices");
		long flat = 0;
		for (int i = 0; i < index.length; i++) flat = flat * shape[i] + index[i];
		return data[(int) flat];
	}

	/** Same data, another shape with the same number of elements. */
	public NdArray reshape(long... newShape) {
		return new NdArray(newShape, data, dtype);
	}

	public double sum() {
		double s = 0;
		for (float v : data) s += v;
		return s;
	}

	@Override
	public String toString() {
		return "NdArray" + Arrays.toString(shape) + " " + dtype;
	}
}
