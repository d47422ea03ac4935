package sc.fiji.revsam2.checkpoint;

/**
 * The only ways a pickle may reach beyond plain data. {@link PickleReader} never looks up or
 * runs anything itself: every global, call, object creation and persistent id goes through
 * these hooks, which accept a short whitelist and throw {@link PickleReader.Malformed} for
 * anything else.
 */
interface PickleHooks {

	/** A token standing for {@code module.name}, or null when that global is not allowed. */
	Object global(String module, String name);

	/** REDUCE: {@code callable(*args)}, where callable came from {@link #global}. */
	Object call(Object callable, PyTuple args);

	/** NEWOBJ: {@code cls.__new__(cls, *args)}. */
	Object newObject(Object cls, PyTuple args);

	/** BUILD: set the state of an object made by {@link #call} or {@link #newObject}. */
	void build(Object object, Object state);

	/** BINPERSID: the object a persistent id refers to (torch: a storage). */
	Object persistentLoad(Object pid);
}
