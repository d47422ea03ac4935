package sc.fiji.revsam2.checkpoint;

import java.util.List;

/**
 * A Python tuple from a pickle. Kept apart from lists because torch's persistent ids and
 * call arguments are tuples; a record gives value equality so tuples can be dict keys.
 * Python's None is {@link PyNone#NONE}, never Java null.
 */
record PyTuple(List<Object> items) {

	PyTuple {
		items = List.copyOf(items);
	}

	static PyTuple of(Object... items) {
		return new PyTuple(List.of(items));
	}

	int size() { return items.size(); }

	Object get(int i) { return items.get(i); }
}
