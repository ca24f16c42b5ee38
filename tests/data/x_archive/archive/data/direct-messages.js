window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "4100000001-4100000002",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "4100000002",
            "reactions" : [],
            "urls" : [],
            "text" : "See you then!",
            "mediaUrls" : [],
            "senderId" : "4100000001",
            "id" : "1762500000000000004",
            "createdAt" : "2024-02-28T20:01:02.345Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "4100000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Tea & biscuits on Saturday?",
            "mediaUrls" : [],
            "senderId" : "4100000002",
            "id" : "1762500000000000003",
            "createdAt" : "2024-02-28T19:58:00.001Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "4100000001",
            "reactions" : [],
            "urls" : [],
            "text" : "bad date",
            "mediaUrls" : [],
            "senderId" : "4100000002",
            "id" : "1762500000000000002",
            "createdAt" : "28/02/2024 19:00"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "4100000006-4100000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "4100000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Hi Mira, we met at the meetup.",
            "mediaUrls" : [],
            "senderId" : "4100000006",
            "id" : "1762400000000000001",
            "createdAt" : "2024-02-20T07:00:00.000Z"
          }
        }
      ]
    }
  }
]