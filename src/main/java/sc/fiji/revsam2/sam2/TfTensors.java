package sc.fiji.revsam2.sam2;

import java.util.List;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.types.TFloat32;

/** Moves float data in and out of TensorFlow tensors without per-element Java work. */
final class TfTensors {

	private TfTensors() {}

	static TFloat32 of(float[] values, long... shape) {
		TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
		t.asRawTensor().data().asFloats().write(values);
		return t;
	}

	static float[] toArray(TFloat32 t) {
		float[] out = new float[(int) t.shape().size()];
		t.asRawTensor().data().asFloats().read(out);
		return out;
	}

	/** Concatenates tensors along axis 0 by copying their bytes (shapes must agree on the other axes). */
	static TFloat32 concat0(List<TFloat32> parts) {
		long[] first = parts.get(0).shape().asArray();
		long n = 0;
		for (TFloat32 p : parts) n += p.shape().asArray()[0];
		long[] shape = first.clone();
		shape[0] = n;
		TFloat32 out = TFloat32.tensorOf(Shape.of(shape));
		ByteDataBuffer dst = out.asRawTensor().data();
		long offset = 0;
		for (TFloat32 p : parts) {
			ByteDataBuffer src = p.asRawTensor().data();
			src.copyTo(dst.slice(offset, src.size()), src.size());
			offset += src.size();
		}
		return out;
	}

	/** The b-th element of axis 0 as its own tensor (a copy). */
	static TFloat32 slice0(TFloat32 t, int b) {
		long[] shape = t.shape().asArray();
		long per = t.asRawTensor().numBytes() / shape[0];
		shape[0] = 1;
		TFloat32 out = TFloat32.tensorOf(Shape.of(shape));
		t.asRawTensor().data().slice(b * per, per).copyTo(out.asRawTensor().data(), per);
		return out;
	}
}
