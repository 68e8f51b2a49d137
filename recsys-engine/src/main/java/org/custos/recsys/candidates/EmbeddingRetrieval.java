package org.custos.recsys.candidates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Approximate nearest-neighbour retrieval of videos by learned embedding, on Lucene's HNSW graph. The index is
 * rebuilt from the serving model's video rows by the trainer every few seconds (a few thousand to a few hundred
 * thousand small vectors build in well under a second per ten thousand) and swapped in whole, so a query always
 * reads one consistent graph. The similarity is the inner product, which is the model's own user-video term.
 */
public final class EmbeddingRetrieval {

    private static final String VECTOR = "v";
    private static final String ID = "id";

    private record Index(IndexSearcher searcher, long[] ids, int dimension) {
        int size() {
            return ids.length;
        }
    }

    private volatile Index index;

    /** Replaces the index with these video embeddings (trainer thread). */
    public void rebuild(Map<Long, float[]> videos) {
        if (videos.isEmpty()) {
            index = null;
            return;
        }
        int dimension = videos.values().iterator().next().length;
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(256);
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Map.Entry<Long, float[]> video : videos.entrySet()) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(VECTOR, video.getValue(), VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
                doc.add(new NumericDocValuesField(ID, video.getKey()));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
            DirectoryReader reader = DirectoryReader.open(directory);
            // one segment after forceMerge: a dense doc-to-id table makes hits free to resolve
            long[] ids = new long[reader.maxDoc()];
            for (var leaf : reader.leaves()) {
                var values = leaf.reader().getNumericDocValues(ID);
                for (int doc = values.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                     doc = values.nextDoc()) {
                    ids[leaf.docBase + doc] = values.longValue();
                }
            }
            index = new Index(new IndexSearcher(reader), ids, dimension);
        } catch (IOException e) {
            throw new UncheckedIOException("rebuilding the in-memory vector index failed", e);
        }
    }

    /** Up to {@code k} video ids with the largest inner product with {@code query}, best first. */
    public List<Long> nearest(float[] query, int k) {
        Index current = index;
        if (current == null || query.length != current.dimension() || k < 1) {
            return List.of();
        }
        try {
            TopDocs top = current.searcher().search(new KnnFloatVectorQuery(VECTOR, query, k), k);
            List<Long> ids = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc doc : top.scoreDocs) {
                ids.add(current.ids()[doc.doc]);
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("querying the in-memory vector index failed", e);
        }
    }

    /** Videos in the current index. */
    public int size() {
        Index current = index;
        return current == null ? 0 : current.size();
    }

}
