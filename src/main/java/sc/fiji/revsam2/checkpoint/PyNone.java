package sc.fiji.revsam2.checkpoint;

/** Python's None in unpickled data (Java collections used for the pickle stack refuse null). */
enum PyNone {
	NONE;

	@Override
	public String toString() { return "None"; }
}
