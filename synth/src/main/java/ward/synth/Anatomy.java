package ward.synth;

/** The body region a phantom stands for: a head, or a trunk from the lungs down to the bladder. */
public enum Anatomy {
  HEAD,
  TRUNK
}
