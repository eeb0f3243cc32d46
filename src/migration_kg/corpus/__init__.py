"""The curated corpus: its schema, the YAML reader, the folder layout, the loader, the reference
checks and the grounding of evidence quotes in the report texts.

Data flow: ``layout`` says where files are; ``yamlfile`` parses them with line numbers into the
``schema`` models; ``loader`` assembles a :class:`~.loader.Corpus` and ``references`` checks it;
``grounding`` finds every quote in its report. The build reads nothing but a grounded corpus.
"""
