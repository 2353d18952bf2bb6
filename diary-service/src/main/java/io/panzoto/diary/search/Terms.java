package io.panzoto.diary.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The words of a text as search sees them: Lucene's English analysis (Unicode word breaks, lower case,
 * English stop words removed, possessives and Porter stems), distinct, so "Walking walked walks" and a
 * query for "walk" meet. And its {@code #hashtags}, for the auto tags.
 */
public final class Terms {
    /** More distinct terms than this in one entry are not indexed (the index stays bounded per entry). */
    public static final int MAX_TERMS = 1000;
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_])#([\\p{L}\\p{N}_]{1,64})");
    private static final Analyzer ENGLISH = new EnglishAnalyzer();

    private Terms() {
    }

    public static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = ENGLISH.tokenStream("content", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < MAX_TERMS) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String reader does not fail
        }
        return terms;
    }

    /** The text's hashtags, lower case, without the '#'. */
    public static Set<String> hashtags(String text) {
        Set<String> tags = new LinkedHashSet<>();
        Matcher matcher = HASHTAG.matcher(text);
        while (matcher.find() && tags.size() < 50) {
            tags.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return tags;
    }
}
