"""Files in and out: bounded text reading, one atomic writer, defensive RDF parsing."""
