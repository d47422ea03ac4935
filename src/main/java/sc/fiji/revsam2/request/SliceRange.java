package sc.fiji.revsam2.request;

/**
 * The query slices to segment, 1-based and inclusive; {@code last == 0} means "to the last slice".
 * One rule for every front end: the first slice must lie in the volume (else nothing would be
 * segmented), a last slice beyond the volume is clamped to it with a warning (a batch holds
 * volumes of different depths).
 */
public record SliceRange(int first, int last) {

	/** Every slice. */
	public static final SliceRange ALL = new SliceRange(1, 0);

	public SliceRange {
		if (first < 1) throw new IllegalArgumentException("slices are 1-based: the first slice is 1, got " + first);
		if (last != 0 && last < first) throw new IllegalArgumentException("the last slice " + last + " comes before the first " + first);
	}

	public boolean isAll() { return first == 1 && last == 0; }

	/**
	 * {first, last} 0-based for a volume of {@code depth} slices.
	 * @param what how the user gave the range ("--slices", "first_slice/last_slice"), for messages
	 * @param warn receives the clamping note (may be null)
	 * @throws IllegalArgumentException when the first slice is past the volume
	 */
	public int[] zeroBased(int depth, String what, String volumeName, java.util.function.Consumer<String> warn) {
		if (first > depth) throw new IllegalArgumentException(what + " " + this + ": " + volumeName + " has only " + depth + " slices");
		int l = last == 0 ? depth : last;
		if (l > depth) {
			if (warn != null) warn.accept(what + " " + this + ": " + volumeName + " has " + depth + " slices; segmenting " + first + "-" + depth);
			l = depth;
		}
		return new int[] { first - 1, l - 1 };
	}

	@Override
	public String toString() { return first + "-" + (last == 0 ? "last" : Integer.toString(last)); }
}
