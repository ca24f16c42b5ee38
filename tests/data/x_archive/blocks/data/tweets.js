window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Rex Loud",
            "screen_name" : "RexLoud",
            "indices" : [ "0", "8" ],
            "id_str" : "4100000050",
            "id" : "4100000050"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [ "0", "30" ],
      "favorite_count" : "0",
      "id_str" : "1763000000000000100",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000100",
      "created_at" : "Sat Mar 02 08:55:10 +0000 2024",
      "favorited" : false,
      "full_text" : "@RexLoud please stop tagging me",
      "lang" : "en"
    }
  }
]
