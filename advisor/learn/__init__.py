"""Training mode: lessons, the quiz and the image-reference explainer."""
