window.YTD.tweet.part0 = [ {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Ana Kovač",
            "screen_name" : "ana_k",
            "indices" : [
              "0",
              "6"
            ],
            "id_str" : "4200000002",
            "id" : "4200000002"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "16"
      ],
      "favorite_count" : "2",
      "id_str" : "1100000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1100000000000000003",
      "created_at" : "Mon Jan 07 10:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "@ana_k Congrats!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1099999999999999003",
      "in_reply_to_status_id" : "1099999999999999003",
      "in_reply_to_user_id" : "4200000002",
      "in_reply_to_user_id_str" : "4200000002",
      "in_reply_to_screen_name" : "ana_k"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "18"
      ],
      "favorite_count" : "2",
      "id_str" : "1100000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1100000000000000002",
      "created_at" : "Sun Jan 06 10:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "and one more thing",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1099999999999999002",
      "in_reply_to_status_id" : "1099999999999999002",
      "in_reply_to_user_id" : "4200000001",
      "in_reply_to_user_id_str" : "4200000001",
      "in_reply_to_screen_name" : "pat_w"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Raj Varma",
            "screen_name" : "rajv",
            "indices" : [
              "6",
              "11"
            ],
            "id_str" : "4200000003",
            "id" : "4200000003"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "11"
      ],
      "favorite_count" : "2",
      "id_str" : "1100000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1100000000000000001",
      "created_at" : "Sat Jan 05 10:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "Hello @rajv",
      "lang" : "en"
    }
  }
];
