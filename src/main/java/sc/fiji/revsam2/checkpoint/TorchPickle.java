package sc.fiji.revsam2.checkpoint;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whitelist for PyTorch's {@code torch.save} pickles: OrderedDict, the tensor rebuild
 * functions and the storage classes. Tensors come out as {@link TensorRef}s that only describe
 * where their values lie; nothing is read from the archive here and nothing is executed.
 */
final class TorchPickle implements PickleHooks {

	/** Globals a torch checkpoint may call. Storage classes are {@link StorageType}s. */
	enum Callable { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

	/** A storage named by a persistent id: entry {@code data/<key>} of the archive. */
	record StorageRef(String key, StorageType type, long numel) {}

	/** A tensor as a strided view into a storage, in elements of the storage's type. */
	record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {

		long numel() {
			long n = 1;
			for (long d : shape) n *= d; // bounded when the ref is made
			return n;
		}

		boolean contiguous() {
			long expected = 1;
			for (int i = shape.length - 1; i >= 0; i--) {
				if (shape[i] != 1 && stride[i] != expected) return false;
				expected *= shape[i];
			}
			return true;
		}

		@Override
		public String toString() {
			return "tensor" + Arrays.toString(shape) + " " + storage.type.dtype;
		}
	}

	/** Largest tensor we can hold: one Java float array. */
	static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
	/** torch itself allows at most 64 dimensions. */
	static final int MAX_RANK = 64;

	@Override
	public Object global(String module, String name) {
		if (module.equals("collections") && name.equals("OrderedDict")) return Callable.ORDERED_DICT;
		if (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2")) return Callable.REBUILD_TENSOR_V2;
		if (module.equals("torch._utils") && name.equals("_rebuild_parameter")) return Callable.REBUILD_PARAMETER;
		if (module.equals("torch")) return StorageType.byTorchName(name);
		return null;
	}

	@Override
	public Object call(Object callable, PyTuple args) {
		if (callable == Callable.ORDERED_DICT) return orderedDict(args);
		if (callable == Callable.REBUILD_TENSOR_V2) return rebuildTensor(args);
		if (callable == Callable.REBUILD_PARAMETER) {
			// _rebuild_parameter(data, requires_grad, backward_hooks): the parameter is just its data here
			if (args.size() != 3 || !(args.get(0) instanceof TensorRef t)) {
				throw new PickleReader.Malformed("_rebuild_parameter expects (tensor, requires_grad, hooks)");
			}
			return t;
		}
		// never the callable's value: a pickled tuple may stand for an exponentially large tree
		throw new PickleReader.Malformed("cannot call a " + describe(callable));
	}

	@Override
	public Object newObject(Object cls, PyTuple args) {
		if (cls == Callable.ORDERED_DICT) return orderedDict(args);
		throw new PickleReader.Malformed("cannot create an object of a " + describe(cls));
	}

	@Override
	public void build(Object object, Object state) {
		// state_dict() attaches its per-module '_metadata' (version numbers) this way: not needed.
		if (object instanceof Map) return;
		throw new PickleReader.Malformed("cannot set the state of a " + PickleReader.typeName(object));
	}

	@Override
	public Object persistentLoad(Object pid) {
		// ('storage', storage_type, key, location, numel)
		if (!(pid instanceof PyTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
			throw new PickleReader.Malformed("persistent id is not a torch ('storage', type, key, location, numel) tuple");
		}
		if (!(t.get(1) instanceof StorageType type)) {
			throw new PickleReader.Malformed("persistent id names no known storage type");
		}
		Object key = t.get(2);
		if (!(key instanceof String) && !(key instanceof Long)) {
			throw new PickleReader.Malformed("storage key is a " + PickleReader.typeName(key));
		}
		long numel = nonNegative(t.get(4), "storage size");
		return new StorageRef(key.toString(), type, numel);
	}

	/** A whitelisted token by name, anything else by its type only. */
	private static String describe(Object o) {
		if (o instanceof StorageType s) return "storage class (torch." + s.torchName + ")";
		if (o instanceof Callable) return "whitelisted global used the wrong way";
		return PickleReader.typeName(o);
	}

	private static Map<Object, Object> orderedDict(PyTuple args) {
		Map<Object, Object> dict = new LinkedHashMap<>();
		if (args.size() == 0) return dict;
		if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
			for (Object p : pairs) {
				if (!(p instanceof PyTuple kv) || kv.size() != 2) throw new PickleReader.Malformed("OrderedDict item is not a pair");
				dict.put(PickleReader.checkKey(kv.get(0)), kv.get(1));
			}
			return dict;
		}
		throw new PickleReader.Malformed("unexpected OrderedDict arguments");
	}

	/** _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]) */
	private static TensorRef rebuildTensor(PyTuple args) {
		if (args.size() != 6 && args.size() != 7) {
			throw new PickleReader.Malformed("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + args.size());
		}
		if (!(args.get(0) instanceof StorageRef storage)) {
			throw new PickleReader.Malformed("_rebuild_tensor_v2: first argument is a " + PickleReader.typeName(args.get(0)) + ", not a storage");
		}
		long offset = nonNegative(args.get(1), "storage offset");
		long[] shape = longs(args.get(2), "size");
		long[] stride = longs(args.get(3), "stride");
		if (shape.length != stride.length) {
			throw new PickleReader.Malformed("tensor size " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride) + " differ in rank");
		}
		long numel = 1;
		long last = offset; // storage index of the tensor's last element
		try {
			for (int i = 0; i < shape.length; i++) {
				numel = Math.multiplyExact(numel, shape[i]);
				if (shape[i] > 0) last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
			}
		} catch (ArithmeticException e) {
			throw new PickleReader.Malformed("tensor size " + Arrays.toString(shape) + " overflows");
		}
		if (numel > storage.numel()) {
			// a stride-0 (broadcast) view would cost memory for values its storage does not hold
			throw new PickleReader.Malformed("tensor " + Arrays.toString(shape) + " has " + numel + " elements but its storage '" + PickleReader.excerpt(storage.key())
					+ "' holds only " + storage.numel() + " (broadcast views are not supported)");
		}
		if (numel > MAX_ELEMENTS) {
			throw new PickleReader.Malformed("tensor of " + numel + " elements is too large for one array");
		}
		if (numel > 0 && last >= storage.numel()) {
			throw new PickleReader.Malformed("tensor " + Arrays.toString(shape) + " with stride " + Arrays.toString(stride) + " at offset "
					+ offset + " reaches element " + last + " of storage '" + PickleReader.excerpt(storage.key()) + "' holding " + storage.numel());
		}
		return new TensorRef(storage, offset, shape, stride);
	}

	private static long[] longs(Object o, String what) {
		if (!(o instanceof PyTuple t)) throw new PickleReader.Malformed("tensor " + what + " is a " + PickleReader.typeName(o) + ", not a tuple");
		if (t.size() > MAX_RANK) throw new PickleReader.Malformed("tensor " + what + " has " + t.size() + " dimensions; at most " + MAX_RANK + " are supported");
		long[] v = new long[t.size()];
		for (int i = 0; i < v.length; i++) v[i] = nonNegative(t.get(i), "tensor " + what);
		return v;
	}

	private static long nonNegative(Object o, String what) {
		if (o instanceof Long l && l >= 0) return l;
		throw new PickleReader.Malformed(what + " must be a non-negative int, got " + (o instanceof Long ? o : PickleReader.typeName(o)));
	}
}
