package sc.fiji.revsam2.sam2;

import java.util.List;

/**
 * The arithmetic of SAM2's {@code _prepare_memory_conditioned_features} (sam2_base.py) that
 * happens outside the networks: the position encodings of the spatial memories (the sine
 * encoding of the memory grid plus the memory's row of {@code maskmem_tpos_enc}), and the
 * object pointers turned into memory tokens (each pointer of width C split into C / Cm tokens,
 * with the pointer's temporal encoding, {@code obj_ptr_tpos_proj} of a sine encoding of its
 * normalised distance, repeated for each). Engines only feed the results to memory attention.
 */
public final class MemoryConditioning {

	private final Sam2Config cfg;
	private final float[] memoryPosEnc;      // sine PE of the memory grid, [h*w, Cm]
	private final float[] tposEnc;           // maskmem_tpos_enc, [numMaskmem, Cm]
	private final float[] tposProjW, tposProjB;

	public MemoryConditioning(ModelDescriptor descriptor) {
		this.cfg = descriptor.config;
		int h = cfg.featureSize();
		this.memoryPosEnc = PositionEncodings.sine2d(h, h, cfg.memDim());
		this.tposEnc = descriptor.tensor("maskmem_tpos_enc").values();
		if (cfg.projTposEncInObjPtrs()) {
			tposProjW = descriptor.tensor("obj_ptr_tpos_proj.weight").values();
			tposProjB = descriptor.tensor("obj_ptr_tpos_proj.bias").values();
		} else {
			tposProjW = tposProjB = null;
		}
	}

	/** Values of one spatial memory ([h*w, Cm], row-major). */
	public int memoryValues() {
		return cfg.featureSize() * cfg.featureSize() * cfg.memDim();
	}

	/** {@code maskmem_pos_enc + maskmem_tpos_enc[temporalRow]} of one spatial memory, [h*w, Cm]. */
	public float[] memoryPosEmbed(int temporalRow) {
		int cm = cfg.memDim();
		float[] pos = new float[memoryValues()];
		for (int p = 0; p < pos.length; p++) pos[p] = memoryPosEnc[p] + tposEnc[temporalRow * cm + (p % cm)];
		return pos;
	}

	/** Memory tokens per object pointer: C / Cm. */
	public int tokensPerPointer() {
		return cfg.hiddenDim() / cfg.memDim();
	}

	/** The pointers as memory tokens, [pointers * C / Cm, Cm]: each pointer's C values cut into C / Cm tokens. */
	public float[] objPtrTokens(List<MemoryBankInput.Pointer> pointers) {
		int c = cfg.hiddenDim();
		float[] tokens = new float[pointers.size() * c];
		for (int i = 0; i < pointers.size(); i++) System.arraycopy(pointers.get(i).pointer(), 0, tokens, i * c, c);
		return tokens;
	}

	/** The tokens' position encodings, [pointers * C / Cm, Cm]: each pointer's temporal encoding repeated for its tokens. */
	public float[] objPtrPosEmbed(List<MemoryBankInput.Pointer> pointers) {
		int c = cfg.hiddenDim(), cm = cfg.memDim(), split = tokensPerPointer();
		float[] pos = new float[pointers.size() * c];
		for (int i = 0; i < pointers.size(); i++) {
			float[] tpos = objPtrTposEncoding(pointers.get(i).normalisedDistance());
			for (int j = 0; j < split; j++) System.arraycopy(tpos, 0, pos, i * c + j * cm, cm);
		}
		return pos;
	}

	/**
	 * Temporal encoding of an object pointer: {@code obj_ptr_tpos_proj(get_1d_sine_pe(t / t_max, C))}
	 * (SAM2.1), the sine encoding of width Cm without projection, or zeros (SAM2.0: no temporal
	 * encoding of pointers).
	 */
	public float[] objPtrTposEncoding(float normalisedDistance) {
		int cm = cfg.memDim(), c = cfg.hiddenDim();
		float[] out = new float[cm];
		if (!cfg.addTposEncToObjPtrs()) return out;
		int dim = cfg.projTposEncInObjPtrs() ? c : cm;
		float[] pe = PositionEncodings.sine1d(new float[] { normalisedDistance }, dim);
		if (!cfg.projTposEncInObjPtrs()) return pe;
		for (int o = 0; o < cm; o++) {
			double s = tposProjB[o];
			for (int i = 0; i < c; i++) s += tposProjW[o * c + i] * pe[i];
			out[o] = (float) s;
		}
		return out;
	}
}
