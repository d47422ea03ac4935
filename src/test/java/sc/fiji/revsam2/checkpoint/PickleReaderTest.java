package sc.fiji.revsam2.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static sc.fiji.revsam2.checkpoint.PtCheckpointFixtureTest.assertMessage;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The pickle interpreter on its own, with hooks that refuse everything. */
class PickleReaderTest {

	private static final PickleHooks REFUSE_ALL = new PickleHooks() {
		@Override public Object global(String module, String name) { return null; }
		@Override public Object call(Object callable, PyTuple args) { throw new PickleReader.Malformed("no calls"); }
		@Override public Object newObject(Object cls, PyTuple args) { throw new PickleReader.Malformed("no objects"); }
		@Override public void build(Object object, Object state) { throw new PickleReader.Malformed("no state"); }
		@Override public Object persistentLoad(Object pid) { throw new PickleReader.Malformed("no persistent ids"); }
	};

	private static Object load(PickleBuilder p) throws CheckpointException {
		return new PickleReader(p.toBytes(), "test.pkl", REFUSE_ALL).load();
	}

	@Test
	void integersOfEveryWidth() throws CheckpointException {
		PickleBuilder p = new PickleBuilder().proto(2).mark();
		p.integer(7).integer(300).integer(-5).integer(70000).integer(1L << 40).integer(-(1L << 40));
		p.op(0x8a, 0); // LONG1 with no bytes is 0
		p.op(0x8a, 9).le(0, 8).op(1); // 2^64 needs 9 bytes
		p.tuple().stop();
		PyTuple t = (PyTuple) load(p);
		assertEquals(List.of(7L, 300L, -5L, 70000L, 1L << 40, -(1L << 40), 0L, BigInteger.ONE.shiftLeft(64)), t.items());
	}

	@Test
	void floatsStringsBytesAndConstants() throws CheckpointException {
		PickleBuilder p = new PickleBuilder().proto(2).mark();
		p.binfloat(-1.25).str("héllo").shortStr("s").str8("long").bytes(new byte[] { 1, 2 });
		p.op('U', 3).op('a', 'b', 'c'); // SHORT_BINSTRING
		p.op('T').le(1, 4).op('z'); // BINSTRING
		p.op('B').le(1, 4).op(9); // BINBYTES
		p.none().newTrue().newFalse().tuple().stop();
		List<Object> v = ((PyTuple) load(p)).items();
		assertEquals(-1.25, v.get(0));
		assertEquals("héllo", v.get(1));
		assertEquals("s", v.get(2));
		assertEquals("long", v.get(3));
		assertArrayEquals(new byte[] { 1, 2 }, (byte[]) v.get(4));
		assertEquals("abc", v.get(5));
		assertEquals("z", v.get(6));
		assertArrayEquals(new byte[] { 9 }, (byte[]) v.get(7));
		assertEquals(List.of(PyNone.NONE, true, false), v.subList(8, 11));
	}

	@Test
	void containersAndMemo() throws CheckpointException {
		PickleBuilder p = new PickleBuilder().proto(2).emptyDict().binput(0);
		p.str("list").emptyList().longBinput(1).integer(1).append().mark().integer(2).integer(3).appends().setitem();
		p.str("tuples").mark().emptyTuple().integer(1).tuple1().integer(1).integer(2).tuple2().integer(1).integer(2).integer(3).tuple3();
		p.tuple().setitem();
		p.mark().str("same").longBinget(1).str("dict").binget(0).setitems();
		p.op('2', '0'); // DUP then POP leave the dict alone
		p.stop();
		@SuppressWarnings("unchecked")
		Map<Object, Object> d = (Map<Object, Object>) load(p);
		assertEquals(List.of("list", "tuples", "same", "dict"), new ArrayList<>(d.keySet()));
		assertEquals(List.of(1L, 2L, 3L), d.get("list"));
		assertEquals(PyTuple.of(PyTuple.of(), PyTuple.of(1L), PyTuple.of(1L, 2L), PyTuple.of(1L, 2L, 3L)), d.get("tuples"));
		assertSame(d.get("list"), d.get("same"));
		assertSame(d, d.get("dict")); // cycles are fine: nothing recurses
		assertEquals(LinkedHashMap.class, d.getClass());
	}

	@Test
	void everyRefusalNamesSourceOpcodeAndOffset() {
		CheckpointException e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).global("subprocess", "Popen").stop()));
		assertMessage(e, "test.pkl", "'subprocess.Popen'", "GLOBAL", "byte offset 2");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).str("pid").persid().stop()));
		assertMessage(e, "test.pkl", "no persistent ids", "BINPERSID", "byte offset 10");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).op('c').op('o', 's').stop()));
		assertMessage(e, "newline");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(9).stop()));
		assertMessage(e, "protocol 9");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).integer(1).str("k").integer(2).setitem().stop()));
		assertMessage(e, "expected a dict", "got int", "SETITEM");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).mark().integer(1).setitems().stop()));
		assertMessage(e, "odd number", "SETITEMS");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).mark().integer(1).str("v").setitems().stop()));
		assertMessage(e, "stack underflow", "SETITEMS");
		e = assertThrows(CheckpointException.class, () -> load(new PickleBuilder().proto(2).op('I').stop())); // text INT, protocol 0
		assertMessage(e, "unknown or unsupported", "0x49", "byte offset 2");
	}
}
