window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000012"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Jonas Pereira",
            "screen_name" : "jonas_p",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "4100000002",
            "id" : "4100000002"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "39"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000012",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000012",
      "created_at" : "Sat Mar 02 08:55:10 +0000 2024",
      "favorited" : false,
      "full_text" : "@jonas_p Tea &amp; biscuits at 4? &lt;3",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1762999999999999012",
      "in_reply_to_status_id" : "1762999999999999012",
      "in_reply_to_user_id" : "4100000002",
      "in_reply_to_user_id_str" : "4100000002",
      "in_reply_to_screen_name" : "jonas_p"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000011"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "31"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000011",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000011",
      "created_at" : "Sat Mar 02 08:50:00 +0000 2024",
      "favorited" : false,
      "full_text" : "2/ and that is the whole story.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1762999999999999011",
      "in_reply_to_status_id" : "1762999999999999011",
      "in_reply_to_user_id" : "4100000001",
      "in_reply_to_user_id_str" : "4100000001",
      "in_reply_to_screen_name" : "MiraOkafor"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000010"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Lea Brandt",
            "screen_name" : "LeaBrandt",
            "indices" : [
              "10",
              "20"
            ],
            "id_str" : "4100000003",
            "id" : "4100000003"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "33"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000010",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000010",
      "created_at" : "Sat Mar 02 08:49:00 +0000 2024",
      "favorited" : false,
      "full_text" : "1/ Thanks @LeaBrandt for the idea",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1762999999999999010",
      "in_reply_to_status_id" : "1762999999999999010",
      "in_reply_to_user_id" : "4100000001",
      "in_reply_to_user_id_str" : "4100000001",
      "in_reply_to_screen_name" : "MiraOkafor"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000009"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Lea Brandt",
            "screen_name" : "LeaBrandt",
            "indices" : [
              "12",
              "22"
            ],
            "id_str" : "4100000003",
            "id" : "4100000003"
          },
          {
            "name" : "Tom Ishikawa",
            "screen_name" : "tomishi",
            "indices" : [
              "27",
              "35"
            ],
            "id_str" : "4100000004",
            "id" : "4100000004"
          },
          {
            "name" : "Mira Okafor",
            "screen_name" : "MiraOkafor",
            "indices" : [
              "40",
              "51"
            ],
            "id_str" : "4100000001",
            "id" : "4100000001"
          },
          {
            "name" : "Lea Brandt",
            "screen_name" : "LeaBrandt",
            "indices" : [
              "52",
              "62"
            ],
            "id_str" : "4100000003",
            "id" : "4100000003"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "63"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000009",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000009",
      "created_at" : "Fri Mar 01 19:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Dinner with @LeaBrandt and @tomishi (hi @MiraOkafor) @LeaBrandt",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000008"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Sara Lind",
            "screen_name" : "saralind",
            "indices" : [
              "3",
              "12"
            ],
            "id_str" : "4100000005",
            "id" : "4100000005"
          },
          {
            "name" : "Tom Ishikawa",
            "screen_name" : "tomishi",
            "indices" : [
              "28",
              "36"
            ],
            "id_str" : "4100000004",
            "id" : "4100000004"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "57"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000008",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000008",
      "created_at" : "Fri Mar 01 12:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @saralind: Great talk by @tomishi &gt; everything else",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000007"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://twitter.com/BenRuiz/status/1762000000000000001",
            "display_url" : "twitter.com/BenRuiz/stat…",
            "indices" : [
              "20",
              "43"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "31"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000007",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000007",
      "created_at" : "Thu Feb 29 23:59:59 +0000 2024",
      "favorited" : false,
      "full_text" : "So true https://t.co/AbCdEf1234",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000006"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "16"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000006",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000006",
      "created_at" : "Thu Feb 29 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Spring is coming",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000005"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "11"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000005",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000005",
      "created_at" : "Feb 29 2024 10:00",
      "favorited" : false,
      "full_text" : "Broken date",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000004"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "5"
      ],
      "favorite_count" : "2",
      "truncated" : false,
      "retweet_count" : "0",
      "created_at" : "Wed Feb 28 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "No id",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000003"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
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
        "7"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000003",
      "created_at" : "Tue Feb 27 14:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Agreed!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1762999999999999003",
      "in_reply_to_status_id" : "1762999999999999003",
      "in_reply_to_user_id" : "4100000005",
      "in_reply_to_user_id_str" : "4100000005"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000002"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://x.com/MiraOkafor/status/1700000000000000000",
            "display_url" : "x.com/MiraOkafor/status/…",
            "indices" : [
              "20",
              "43"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "34"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000002",
      "created_at" : "Tue Feb 27 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Still true https://t.co/AbCdEf1234",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1763000000000000001"
          ],
          "editableUntil" : "2024-03-01T10:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://twitter.com/i/web/status/1700000000000000001",
            "display_url" : "twitter.com/i/web/status…",
            "indices" : [
              "20",
              "43"
            ]
          },
          {
            "url" : "https://t.co/AbCdEf1234",
            "expanded_url" : "https://example.org/post",
            "display_url" : "example.org/post…",
            "indices" : [
              "20",
              "43"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "33"
      ],
      "favorite_count" : "2",
      "id_str" : "1763000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1763000000000000001",
      "created_at" : "Mon Feb 26 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Read this https://t.co/AbCdEf1234",
      "lang" : "en"
    }
  }
]