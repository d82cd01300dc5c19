"""compute_limits: the tested package behind the executable edition of
Thompson et al., "The Computational Limits of Deep Learning" (arXiv:2007.05558).

Chapters orchestrate; this package loads, validates, fits, projects and draws.
"""

__version__ = "0.1.0"
