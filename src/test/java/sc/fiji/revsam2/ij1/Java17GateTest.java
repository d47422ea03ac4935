package sc.fiji.revsam2.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The ImageJ 1.x entry gate loads on Java 8 (its class file is Java 8's) and tells a Java 8 or
 * 11 Fiji's user what to do; every plugins.config entry goes through it. (No Java 8 runtime on
 * the build machine: the message itself is checked here, the runs through the gate on Java 17
 * by the IJ1 command and macro tests.)
 */
class Java17GateTest {

	@Test
	void theGateIsCompiledForJava8() throws Exception {
		try (InputStream in = Java17Gate.class.getResourceAsStream("Java17Gate.class"); DataInputStream d = new DataInputStream(in)) {
			assertEquals(0xCAFEBABE, d.readInt());
			d.readUnsignedShort();
			assertEquals(52, d.readUnsignedShort(), "class file version of Java 8");
		}
	}

	@Test
	void oldJavaGetsAMessageNamingWhatToDo() {
		String m = Java17Gate.problem("1.8.0_292");
		assertTrue(m.startsWith("RevSAM2 needs Java 17 or newer, but this Fiji runs Java 1.8.0_292."), m);
		assertTrue(m.contains("Fiji Latest"), m);
		assertTrue(Java17Gate.problem("11.0.2").contains("11.0.2"));
		assertNull(Java17Gate.problem("17.0.15"));
		assertNull(Java17Gate.problem("21"));
		assertNull(Java17Gate.problem(System.getProperty("java.version")));
	}

	@Test
	void everyImageJ1EntryGoesThroughTheGate() throws Exception {
		String config;
		try (InputStream in = Java17GateTest.class.getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		var entries = config.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
		assertEquals(2, entries.size());
		for (String e : entries) assertTrue(e.contains(", sc.fiji.revsam2.ij1.Java17Gate(\"sc.fiji.revsam2.fiji."), e);
	}
}
