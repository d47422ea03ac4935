package sc.fiji.revsam2.checkpoint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted interpreter for Python pickles (protocol 2, plus the few protocol 4 opcodes
 * harmless to support). It builds plain Java values only: String, Long (BigInteger when too
 * wide), Double, Boolean, byte[], {@link PyNone}, {@link PyTuple}, ArrayList for lists and
 * LinkedHashMap for dicts. Everything else goes through {@link PickleHooks}.
 *
 * <p>The input is untrusted: every length is checked against the bytes that remain before
 * anything is allocated, the stack, the memo and the nesting of tuples are bounded, dict keys
 * must be hashable as in Python (no lists or dicts) and small, and every error names the
 * source, the byte offset and the opcode, but never prints a pickled object (a shared tuple
 * may stand for an exponentially large tree): its type is enough.
 */
final class PickleReader {

	/** Thrown by the reader and by hooks; {@link #load} turns it into a located {@link CheckpointException}. */
	static final class Malformed extends RuntimeException {
		private static final long serialVersionUID = 1L;

		Malformed(String message) {
			super(message);
		}
	}

	// Opcodes (see CPython's Lib/pickle.py for the definitions).
	private static final int MARK = '(', STOP = '.', POP = '0', POP_MARK = '1', DUP = '2',
			BININT = 'J', BININT1 = 'K', BININT2 = 'M', NONE = 'N', BINPERSID = 'Q', REDUCE = 'R',
			BINSTRING = 'T', SHORT_BINSTRING = 'U', BINUNICODE = 'X', APPEND = 'a', BUILD = 'b',
			GLOBAL = 'c', DICT_EMPTY = '}', APPENDS = 'e', BINGET = 'h', LONG_BINGET = 'j',
			LIST_EMPTY = ']', BINPUT = 'q', LONG_BINPUT = 'r', SETITEM = 's', TUPLE = 't',
			TUPLE_EMPTY = ')', SETITEMS = 'u', BINFLOAT = 'G', PROTO = 0x80, NEWOBJ = 0x81,
			TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, NEWTRUE = 0x88, NEWFALSE = 0x89,
			LONG1 = 0x8a, BINBYTES = 'B', SHORT_BINBYTES = 'C', SHORT_BINUNICODE = 0x8c,
			BINUNICODE8 = 0x8d, BINBYTES8 = 0x8e, STACK_GLOBAL = 0x93, MEMOIZE = 0x94, FRAME = 0x95;

	private static final int MAX_GLOBAL_LINE = 1024;
	/**
	 * Stack (MARKs included) and memo limits. Meta's Large release needs a few thousand of each
	 * (pickle batches SETITEMS by 1000); without a limit, a pickle of DUPs or MEMOIZEs fills
	 * the heap at 4 to 80 bytes per byte of pickle.
	 */
	static final int MAX_STACK = 100_000, MAX_MEMO = 100_000;
	/** Tuples nest a few levels in a checkpoint; deeper ones would overflow recursive walks. */
	static final int MAX_TUPLE_DEPTH = 32;
	/** Items a dict key may hold counting repeats, so that hashing and comparing it stay cheap. */
	static final int MAX_KEY_ITEMS = 1000;

	private final byte[] data;
	private final String source;
	private final PickleHooks hooks;

	private int pos;
	private final List<Object> stack = new ArrayList<>();
	private final List<Integer> marks = new ArrayList<>();
	// A map, not an array: memo indices are untrusted and may be sparse or huge.
	private final Map<Long, Object> memo = new HashMap<>();

	/**
	 * @param source how to name the pickle in error messages, e.g. "model.pt, entry archive/data.pkl"
	 */
	PickleReader(byte[] data, String source, PickleHooks hooks) {
		this.data = data;
		this.source = source;
		this.hooks = hooks;
	}

	/** Runs the pickle to its STOP opcode and returns the object it built. */
	Object load() throws CheckpointException {
		int opStart = 0;
		int op = -1;
		try {
			while (true) {
				opStart = pos;
				if (pos >= data.length) {
					op = -1;
					throw new Malformed("pickle ends without a STOP opcode (truncated or corrupted)");
				}
				op = data[pos++] & 0xff;
				if (op == STOP) {
					return pop();
				}
				step(op);
			}
		} catch (Malformed e) {
			String opName = op < 0 ? "end of data" : "opcode " + describe(op);
			throw new CheckpointException(source + ": " + e.getMessage() + " (" + opName + " at byte offset " + opStart + ")");
		}
	}

	private void step(int op) {
		switch (op) {
			case PROTO -> {
				int proto = u8();
				if (proto > 5) throw new Malformed("unsupported pickle protocol " + proto);
			}
			case FRAME -> take(8); // framing only groups opcodes; the data are read as they come
			case MARK -> {
				if (stack.size() + marks.size() >= MAX_STACK) throw new Malformed("more than " + MAX_STACK + " items on the stack (corrupted or hostile pickle)");
				marks.add(stack.size());
			}
			case POP -> pop();
			case POP_MARK -> popMark();
			case DUP -> push(peek());
			case DICT_EMPTY -> push(new LinkedHashMap<Object, Object>());
			case LIST_EMPTY -> push(new ArrayList<Object>());
			case TUPLE_EMPTY -> push(PyTuple.of());
			case TUPLE -> pushTuple(new PyTuple(popMark()));
			case TUPLE1 -> pushTuple(PyTuple.of(pop()));
			case TUPLE2 -> {
				Object b = pop(), a = pop();
				pushTuple(PyTuple.of(a, b));
			}
			case TUPLE3 -> {
				Object c = pop(), b = pop(), a = pop();
				pushTuple(PyTuple.of(a, b, c));
			}
			case BINPUT -> memoPut(u8());
			case LONG_BINPUT -> memoPut(u32());
			case MEMOIZE -> memoPut(memo.size());
			case BINGET -> push(memoGet(u8()));
			case LONG_BINGET -> push(memoGet(u32()));
			case BININT -> push((long) s32());
			case BININT1 -> push((long) u8());
			case BININT2 -> push((long) (u8() | (u8() << 8)));
			case LONG1 -> push(long1(u8()));
			case BINFLOAT -> push(binFloat());
			case NONE -> push(PyNone.NONE);
			case NEWTRUE -> push(Boolean.TRUE);
			case NEWFALSE -> push(Boolean.FALSE);
			case BINUNICODE -> push(utf8(u32()));
			case SHORT_BINUNICODE -> push(utf8(u8()));
			case BINUNICODE8 -> push(utf8(u64()));
			case BINSTRING -> {
				long n = s32();
				if (n < 0) throw new Malformed("negative string length " + n);
				push(latin1(n));
			}
			case SHORT_BINSTRING -> push(latin1(u8()));
			case BINBYTES -> push(take(u32()));
			case SHORT_BINBYTES -> push(take(u8()));
			case BINBYTES8 -> push(take(u64()));
			case GLOBAL -> {
				String module = line();
				String name = line();
				push(global(module, name));
			}
			case STACK_GLOBAL -> {
				Object name = pop(), module = pop();
				if (!(module instanceof String m) || !(name instanceof String n)) {
					throw new Malformed("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
				}
				push(global(m, n));
			}
			case REDUCE -> {
				PyTuple args = popTuple("REDUCE arguments");
				Object callable = pop();
				push(hooks.call(callable, args));
			}
			case NEWOBJ -> {
				PyTuple args = popTuple("NEWOBJ arguments");
				Object cls = pop();
				push(hooks.newObject(cls, args));
			}
			case BUILD -> {
				Object state = pop();
				hooks.build(peek(), state);
			}
			case BINPERSID -> push(hooks.persistentLoad(pop()));
			case SETITEM -> {
				Object value = pop(), key = pop();
				dictOnTop().put(checkKey(key), value);
			}
			case SETITEMS -> {
				List<Object> items = popMark();
				if (items.size() % 2 != 0) throw new Malformed("SETITEMS with an odd number of items");
				Map<Object, Object> dict = dictOnTop();
				for (int i = 0; i < items.size(); i += 2) dict.put(checkKey(items.get(i)), items.get(i + 1));
			}
			case APPEND -> {
				Object value = pop();
				listOnTop().add(value);
			}
			case APPENDS -> {
				List<Object> items = popMark();
				listOnTop().addAll(items);
			}
			default -> throw new Malformed("unknown or unsupported pickle opcode");
		}
	}

	private Object global(String module, String name) {
		Object token = hooks.global(module, name);
		if (token == null) throw new Malformed("refusing global '" + module + "." + name + "' (not on the whitelist)");
		return token;
	}

	// --- stack --------------------------------------------------------------------------

	private void push(Object o) {
		if (stack.size() + marks.size() >= MAX_STACK) throw new Malformed("more than " + MAX_STACK + " items on the stack (corrupted or hostile pickle)");
		stack.add(o);
	}

	private void pushTuple(PyTuple t) {
		if (t.depth() > MAX_TUPLE_DEPTH) throw new Malformed("tuples nested more than " + MAX_TUPLE_DEPTH + " deep (corrupted or hostile pickle)");
		push(t);
	}

	private void memoPut(long index) {
		if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
			throw new Malformed("more than " + MAX_MEMO + " memo entries (corrupted or hostile pickle)");
		}
		memo.put(index, peek());
	}

	/**
	 * The key, if Python could hash it and it is small: lists and dicts are unhashable, and a
	 * tuple key may hold at most {@link #MAX_KEY_ITEMS} items counting repeats (a tuple made
	 * by DUPs may stand for 2^64 of them), so that hashing and comparing it stay cheap.
	 */
	static Object checkKey(Object key) {
		if (!(key instanceof PyTuple)) {
			if (key instanceof List || key instanceof Map) throw new Malformed("a " + typeName(key) + " cannot be a dict key (unhashable)");
			return key;
		}
		ArrayDeque<Object> todo = new ArrayDeque<>();
		todo.push(key);
		int seen = 0;
		while (!todo.isEmpty()) {
			Object o = todo.pop();
			if (++seen > MAX_KEY_ITEMS) throw new Malformed("a tuple dict key holds more than " + MAX_KEY_ITEMS + " items (corrupted or hostile pickle)");
			if (o instanceof List || o instanceof Map) throw new Malformed("a tuple holding a " + typeName(o) + " cannot be a dict key (unhashable)");
			if (o instanceof PyTuple t) {
				for (Object item : t.items()) todo.push(item);
			}
		}
		return key;
	}

	private Object pop() {
		int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
		if (stack.size() <= floor) throw new Malformed("stack underflow (corrupted pickle)");
		return stack.remove(stack.size() - 1);
	}

	private Object peek() {
		int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
		if (stack.size() <= floor) throw new Malformed("stack underflow (corrupted pickle)");
		return stack.get(stack.size() - 1);
	}

	/** Removes and returns everything above the last MARK. */
	private List<Object> popMark() {
		if (marks.isEmpty()) throw new Malformed("no MARK on the stack (corrupted pickle)");
		int from = marks.remove(marks.size() - 1);
		List<Object> top = stack.subList(from, stack.size());
		List<Object> items = new ArrayList<>(top);
		top.clear();
		return items;
	}

	private PyTuple popTuple(String what) {
		Object o = pop();
		if (o instanceof PyTuple t) return t;
		throw new Malformed(what + " must be a tuple, got " + typeName(o));
	}

	@SuppressWarnings("unchecked")
	private Map<Object, Object> dictOnTop() {
		Object o = peek();
		if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
		throw new Malformed("expected a dict on the stack, got " + typeName(o));
	}

	@SuppressWarnings("unchecked")
	private List<Object> listOnTop() {
		Object o = peek();
		if (o instanceof ArrayList<?> l) return (List<Object>) l;
		throw new Malformed("expected a list on the stack, got " + typeName(o));
	}

	private Object memoGet(long index) {
		Object o = memo.get(index);
		if (o == null) throw new Malformed("memo entry " + index + " was never stored");
		return o;
	}

	// --- bytes --------------------------------------------------------------------------

	private void need(long n) {
		if (n < 0 || n > data.length - pos) {
			throw new Malformed("needs " + (n < 0 ? "a negative number of" : Long.toString(n)) + " bytes but only "
					+ (data.length - pos) + " remain (truncated or corrupted)");
		}
	}

	private byte[] take(long n) {
		need(n);
		byte[] b = new byte[(int) n];
		System.arraycopy(data, pos, b, 0, (int) n);
		pos += (int) n;
		return b;
	}

	private int u8() {
		need(1);
		return data[pos++] & 0xff;
	}

	private int s32() {
		need(4);
		int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
		pos += 4;
		return v;
	}

	private long u32() {
		return s32() & 0xffffffffL;
	}

	/** An 8-byte length; anything beyond the data is caught by {@link #need}. */
	private long u64() {
		long lo = u32(), hi = u32();
		if (hi != 0) throw new Malformed("length " + Long.toUnsignedString(hi << 32 | lo) + " exceeds the data");
		return lo;
	}

	private Object long1(int n) {
		byte[] le = take(n);
		if (n == 0) return 0L;
		byte[] be = new byte[n];
		for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
		BigInteger v = new BigInteger(be); // two's complement, as pickle's LONG1
		return v.bitLength() < 64 ? (Object) v.longValue() : v;
	}

	private double binFloat() {
		need(8);
		long bits = 0;
		for (int i = 0; i < 8; i++) bits = bits << 8 | (data[pos + i] & 0xff); // big-endian
		pos += 8;
		return Double.longBitsToDouble(bits);
	}

	private String utf8(long n) {
		need(n);
		String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
		pos += (int) n;
		return s;
	}

	private String latin1(long n) {
		need(n);
		String s = new String(data, pos, (int) n, StandardCharsets.ISO_8859_1);
		pos += (int) n;
		return s;
	}

	/** A newline-terminated ASCII line, as GLOBAL uses for module and name. */
	private String line() {
		int limit = Math.min(data.length, pos + MAX_GLOBAL_LINE);
		for (int i = pos; i < limit; i++) {
			if (data[i] == '\n') {
				String s = new String(data, pos, i - pos, StandardCharsets.ISO_8859_1);
				pos = i + 1;
				return s;
			}
		}
		throw new Malformed("GLOBAL name without a newline within " + MAX_GLOBAL_LINE + " bytes");
	}

	// --- messages -----------------------------------------------------------------------

	/** A pickled string as messages may show it: at most 80 characters. */
	static String excerpt(String s) {
		return s.length() > 80 ? s.substring(0, 77) + "..." : s;
	}

	static String typeName(Object o) {
		if (o == null) return "null";
		if (o instanceof String) return "str";
		if (o instanceof Long || o instanceof BigInteger) return "int";
		if (o instanceof Double) return "float";
		if (o instanceof Boolean) return "bool";
		if (o instanceof byte[]) return "bytes";
		if (o instanceof PyNone) return "None";
		if (o instanceof PyTuple) return "tuple";
		if (o instanceof List) return "list";
		if (o instanceof Map) return "dict";
		return o.getClass().getSimpleName();
	}

	private static String describe(int op) {
		String name = switch (op) {
			case MARK -> "MARK"; case STOP -> "STOP"; case POP -> "POP"; case POP_MARK -> "POP_MARK";
			case DUP -> "DUP"; case BININT -> "BININT"; case BININT1 -> "BININT1"; case BININT2 -> "BININT2";
			case NONE -> "NONE"; case BINPERSID -> "BINPERSID"; case REDUCE -> "REDUCE";
			case BINSTRING -> "BINSTRING"; case SHORT_BINSTRING -> "SHORT_BINSTRING";
			case BINUNICODE -> "BINUNICODE"; case APPEND -> "APPEND"; case BUILD -> "BUILD";
			case GLOBAL -> "GLOBAL"; case DICT_EMPTY -> "EMPTY_DICT"; case APPENDS -> "APPENDS";
			case BINGET -> "BINGET"; case LONG_BINGET -> "LONG_BINGET"; case LIST_EMPTY -> "EMPTY_LIST";
			case BINPUT -> "BINPUT"; case LONG_BINPUT -> "LONG_BINPUT"; case SETITEM -> "SETITEM";
			case TUPLE -> "TUPLE"; case TUPLE_EMPTY -> "EMPTY_TUPLE"; case SETITEMS -> "SETITEMS";
			case BINFLOAT -> "BINFLOAT"; case PROTO -> "PROTO"; case NEWOBJ -> "NEWOBJ";
			case TUPLE1 -> "TUPLE1"; case TUPLE2 -> "TUPLE2"; case TUPLE3 -> "TUPLE3";
			case NEWTRUE -> "NEWTRUE"; case NEWFALSE -> "NEWFALSE"; case LONG1 -> "LONG1";
			case BINBYTES -> "BINBYTES"; case SHORT_BINBYTES -> "SHORT_BINBYTES";
			case SHORT_BINUNICODE -> "SHORT_BINUNICODE"; case BINUNICODE8 -> "BINUNICODE8";
			case BINBYTES8 -> "BINBYTES8"; case STACK_GLOBAL -> "STACK_GLOBAL"; case MEMOIZE -> "MEMOIZE";
			case FRAME -> "FRAME";
			default -> null;
		};
		String hex = String.format("0x%02x", op);
		return name == null ? hex : name + " (" + hex + ")";
	}
}
