package sc.fiji.revsam2.checkpoint;

import java.util.List;

/**
 * A Python tuple from a pickle. Kept apart from lists because torch's persistent ids and
 * call arguments are tuples; equality is by value so tuples can be dict keys.
 * Python's None is {@link PyNone#NONE}, never Java null.
 *
 * <p>A pickle can share one tuple many times (DUP, memo), so a small pickle may describe a
 * tuple whose tree has 2^64 leaves: {@link #equals}, {@link #hashCode} and any walk over the
 * items are only safe on tuples bounded by {@link PickleReader#checkKey}. {@link #toString}
 * never shows the items.
 */
final class PyTuple {

	private final List<Object> items;
	/** 1 for a tuple without tuples inside, else 1 + the deepest tuple inside. */
	private final int depth;

	PyTuple(List<Object> items) {
		this.items = List.copyOf(items);
		int d = 0;
		for (Object o : this.items) {
			if (o instanceof PyTuple t) d = Math.max(d, t.depth);
		}
		this.depth = d + 1;
	}

	static PyTuple of(Object... items) {
		return new PyTuple(List.of(items));
	}

	List<Object> items() { return items; }

	int size() { return items.size(); }

	Object get(int i) { return items.get(i); }

	int depth() { return depth; }

	@Override
	public boolean equals(Object o) {
		return o == this || (o instanceof PyTuple t && items.equals(t.items));
	}

	@Override
	public int hashCode() {
		return items.hashCode();
	}

	@Override
	public String toString() {
		return "tuple of " + items.size() + " items";
	}
}
